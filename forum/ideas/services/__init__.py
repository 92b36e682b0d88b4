"""Everything that writes to the idea exchange; see each module."""

from forum.ideas.services.comments import post_idea_comment
from forum.ideas.services.follows import follow_idea, unfollow_idea
from forum.ideas.services.ideas import edit_idea, post_idea
from forum.ideas.services.votes import vote_for_idea, withdraw_vote

__all__ = [
    "edit_idea",
    "follow_idea",
    "post_idea",
    "post_idea_comment",
    "unfollow_idea",
    "vote_for_idea",
    "withdraw_vote",
]
