"""The members and threads the checks act as and on, made in this process through
the site's own models and services, on the run's database (``use_site_settings``
first). Everything else the checks do goes through the servers, over HTTP."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Member:
    pk: int
    username: str
    password: str
    email: str


@dataclass(frozen=True)
class ThreadAddress:
    pk: int
    path: str


def use_site_settings(env: dict) -> None:
    """Set Django up in this process with the servers' settings and database."""
    os.environ.update(env)
    import django

    django.setup()


def create_member(username: str, *, can_sign_in: bool = True) -> Member:
    """An established customer (a year old: no approval queue, no first-day limits)
    with a verified address, who signs in with a password made for this run."""
    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from accounts.models import Role, User

    email = f"{username}@example.com"
    password = secrets.token_urlsafe(16) if can_sign_in else ""
    user = User(
        username=username,
        email=email,
        display_name=username.replace("-", " ").title(),
        role=Role.CUSTOMER,
        date_joined=timezone.now() - timedelta(days=365),
    )
    if can_sign_in:
        user.set_password(password)
    else:
        # Followers only receive e-mail: hashing a password each would cost seconds.
        user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return Member(pk=user.pk, username=username, password=password, email=email)


def start_thread(author: Member, *, title: str, body: str) -> ThreadAddress:
    """A question in the first board, through the forum's own service."""
    from accounts.models import User
    from forum import services
    from forum.models import Board

    thread = services.create_thread(
        board=Board.objects.order_by("position", "pk").first(),
        author=User.objects.get(pk=author.pk),
        title=title,
        body=body,
    )
    return ThreadAddress(pk=thread.pk, path=thread.get_absolute_url())


def follow(thread: ThreadAddress, followers: list[Member]) -> None:
    from forum.models import ThreadFollow

    ThreadFollow.objects.bulk_create(
        ThreadFollow(thread_id=thread.pk, user_id=member.pk) for member in followers
    )
