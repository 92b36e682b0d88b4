"""The forum's models, a module each: boards (categories, boards), threads, posts
(and revisions), reactions (kudos, me too, follows). Import them from here."""

from forum.models.boards import Board, BoardKind, Category
from forum.models.posts import Post, PostQuerySet, PostRevision
from forum.models.reactions import Kudos, MeToo, ThreadFollow
from forum.models.threads import AcceptedAs, Thread, ThreadQuerySet

__all__ = [
    "AcceptedAs",
    "Board",
    "BoardKind",
    "Category",
    "Kudos",
    "MeToo",
    "Post",
    "PostQuerySet",
    "PostRevision",
    "Thread",
    "ThreadFollow",
    "ThreadQuerySet",
]
