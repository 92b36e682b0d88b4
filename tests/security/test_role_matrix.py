"""Every state-changing action, HTML and API, against every role.

Each row of ``ACTIONS`` names a request, what it targets (whose "the author" is),
and the roles allowed to do it. Every cell is its own test: an allowed cell must
succeed and show its effect; a denied cell must be refused (a redirect to sign-in
for anonymous pages, 401 for the anonymous API, 403 or 404 otherwise) and leave
every table exactly as it was.
"""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import ApiToken
from forum import services
from forum.attachments.models import Attachment
from forum.console.models import SiteSettings
from forum.deflection.models import DeflectionSettings
from forum.deflection.services.tickets import submit_ticket
from forum.messages import services as message_services
from forum.messages.models import (
    Block,
    Conversation,
    Message,
    MessageReport,
    Participant,
)
from forum.models import Board, Kudos, MeToo, Post, Thread, ThreadFollow
from forum.moderation.models import Flag
from forum.notifications.models import BoardFollow, TagFollow
from forum.reports.models import ReportSubscription
from forum.reputation.models import Rank
from forum.search.models import Promotion, Synonym
from tests.security import world as w
from tests.security.matrix import (
    ACCEPTERS,
    ALL_MEMBERS,
    AUTHOR_OR_MODERATOR,
    MODERATORS,
    OTHERS_WHO_WRITE,
    SEARCH_TUNERS,
    SELF_ACCEPTERS,
    VERIFIED_POSTERS,
    WRITERS,
    Action,
)
from tests.security.matrix_care import CARE_ACTIONS
from tests.security.matrix_care_api import CARE_API_ACTIONS
from tests.security.matrix_ideas import IDEA_ACTIONS
from tests.security.matrix_ideas_staff import IDEA_STAFF_ACTIONS
from tests.security.matrix_knowledge import KNOWLEDGE_ACTIONS
from tests.security.matrix_knowledge_community import KNOWLEDGE_COMMUNITY_ACTIONS
from tests.security.snapshots import changes, snapshot


def _q(world):
    return world.question


def _reply_url(suffix: str):
    return lambda world: f"/p/{world.reply.pk}/{suffix}"


def _thread_url(suffix: str):
    return lambda world: f"/t/{world.question.pk}/{suffix}"


def _mod_thread(action: str):
    return lambda world: f"/moderation/threads/{world.question.pk}/{action}/"


def _tiny_png() -> bytes:
    import io

    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(output, "PNG")
    return output.getvalue()


def _top_rank() -> Rank:
    return Rank.objects.order_by("min_points").last()


def _synonym() -> Synonym:
    return Synonym.objects.get_or_create(phrases="matrix, grid")[0]


def _matrix_article():
    from forum.knowledge.models import Article
    from tests.factories import ArticleFactory

    article = Article.objects.filter(title="Matrix article").first()
    return article or ArticleFactory(title="Matrix article")


def _fresh(obj):
    obj.refresh_from_db()
    return obj


def _give_kudos(world, user):
    if user is not None and user.pk != world.reply.author_id:
        services.give_kudos(world.reply, by=user)


def _me_too(world, user):
    if user is not None and user.pk != world.question.author_id:
        services.add_me_too(world.question, by=user)


def _accepted(world, user):
    services.accept_solution(world.question, post=world.reply, by=world.asker)


def _own_reply(world, user):
    """A reply by the acting member (anyone else's for a visitor, who can't post)."""
    world.own_reply = world.reply
    if user is not None:
        world.own_reply = services.post_reply(
            world.question, author=user, body=f"My own answer, {user.username}."
        )


def _own_reply_accepted(world, user):
    return _fresh(world.question).solution_post_id == world.own_reply.pk


def _pending_reply(world, user):
    world.pending = Post.objects.create(
        thread=world.question,
        author=world.replier,
        body="Waiting for a moderator",
        body_html="<p>Waiting for a moderator</p>",
        is_approved=False,
    )


def _hidden_reply(world, user):
    Post.objects.filter(pk=world.reply.pk).update(is_hidden=True)


def _flagged_reply(world, user):
    w.flag(world.reply, by=world.users[w.CUSTOMER])


def _thread_state(**values):
    def setup(world, user):
        Thread.objects.filter(pk=world.question.pk).update(**values)

    return setup


def _expert(world):
    return world.users[w.EXPERT_HERE]


def _replier_token(world, user):
    world.token, _ = account_services.create_api_token(world.replier, name="laptop")


def _asker_notification(world, user):
    world.notification = w.notify(world.asker, world.reply)


def _kudos_exists(world, user):
    return Kudos.objects.filter(post=world.reply, user=user).exists()


def _suspend_until():
    return (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%d %H:%M")


def _managers_subscription(world, user):
    """The manager's own weekly summary: only its owner ends it from the page."""
    world.subscription = ReportSubscription.objects.create(
        user=world.users[w.MANAGER], frequency="weekly"
    )


def _kept_ticket(world, user):
    """A contact-form ticket kept in the product (no helpdesk configured)."""
    world.kept_ticket = submit_ticket(
        subject="Matrix ticket",
        description="Kept for staff",
        category="billing",
        email="visitor@example.com",
    )


HTML_ACTIONS = [
    Action(
        "change_avatar",
        "post",
        lambda world: "/settings/avatar/",
        WRITERS,
        data=lambda world, user: {"file": SimpleUploadedFile("me.png", _tiny_png())},
        effect=lambda world, user: bool(_fresh(user).avatar_key),
    ),
    Action(
        "upload",
        "post",
        lambda world: "/uploads/",
        WRITERS,
        data=lambda world, user: {
            "file": SimpleUploadedFile("router.log", b"matrix log line\n")
        },
        effect=lambda world, user: Attachment.objects.filter(owner=user).exists(),
    ),
    Action(
        "ask",
        "post",
        lambda world: "/ask/",
        WRITERS,
        data=lambda world, user: {
            "board": world.board.pk,
            "title": "Matrix question about my bill",
            "body": "How do I read the new bill layout?",
            "tags": "billing",
        },
        author="asker",
        effect=lambda world, user: Thread.objects.filter(
            author=user, title="Matrix question about my bill"
        ).exists(),
    ),
    Action(
        "reply",
        "post",
        _thread_url("reply/"),
        WRITERS,
        data=lambda world, user: {"body": "Matrix reply text"},
        author="asker",
        effect=lambda world, user: Post.objects.filter(
            author=user, body="Matrix reply text"
        ).exists(),
    ),
    Action(
        "edit_post",
        "post",
        _reply_url("edit/"),
        AUTHOR_OR_MODERATOR,
        data=lambda world, user: {"body": "Edited by the matrix"},
        effect=lambda world, user: _fresh(world.reply).body == "Edited by the matrix",
    ),
    Action(
        "kudos",
        "post",
        _reply_url("kudos/"),
        OTHERS_WHO_WRITE,
        effect=_kudos_exists,
    ),
    Action(
        "unkudos",
        "post",
        _reply_url("kudos/"),
        # Taking kudos back is allowed even while suspended: it only withdraws
        # the member's own earlier act.
        ALL_MEMBERS - {w.AUTHOR},
        data=lambda world, user: {"action": "withdraw"},
        setup=_give_kudos,
        effect=lambda world, user: not _kudos_exists(world, user),
        noop=frozenset({w.AUTHOR}),
    ),
    Action(
        "me_too",
        "post",
        _thread_url("me-too/"),
        OTHERS_WHO_WRITE,
        author="asker",
        effect=lambda world, user: MeToo.objects.filter(
            thread=world.question, user=user
        ).exists(),
    ),
    Action(
        "accept",
        "post",
        _thread_url("accept/"),
        ACCEPTERS,
        data=lambda world, user: {"post": world.reply.pk},
        author="asker",
        effect=lambda world, user: (
            _fresh(world.question).solution_post_id == world.reply.pk
        ),
    ),
    Action(
        "accept_own_reply",
        "post",
        _thread_url("accept/"),
        SELF_ACCEPTERS,
        data=lambda world, user: {"post": world.own_reply.pk},
        author="asker",
        setup=_own_reply,
        effect=_own_reply_accepted,
    ),
    Action(
        "unaccept",
        "post",
        _thread_url("unaccept/"),
        ACCEPTERS,
        author="asker",
        setup=_accepted,
        effect=lambda world, user: _fresh(world.question).solution_post_id is None,
    ),
    Action(
        "follow_thread",
        "post",
        _thread_url("follow/"),
        ALL_MEMBERS,
        author="asker",
        # The asker follows their own question from the start.
        noop=frozenset({w.AUTHOR}),
        effect=lambda world, user: ThreadFollow.objects.filter(
            thread=world.question, user=user
        ).exists(),
    ),
    Action(
        "follow_board",
        "post",
        lambda world: f"/b/{world.board.slug}/follow/",
        ALL_MEMBERS,
        effect=lambda world, user: BoardFollow.objects.filter(
            board=world.board, user=user
        ).exists(),
    ),
    Action(
        "follow_tag",
        "post",
        lambda world: "/tags/nbn/follow/",
        ALL_MEMBERS,
        effect=lambda world, user: TagFollow.objects.filter(
            tag__slug="nbn", user=user
        ).exists(),
    ),
    Action(
        "flag",
        "post",
        _reply_url("flag/"),
        OTHERS_WHO_WRITE - MODERATORS,
        data=lambda world, user: {"reason": "spam", "note": "Looks like an ad"},
        effect=lambda world, user: Flag.objects.filter(
            post=world.reply, user=user
        ).exists(),
    ),
    Action(
        "approve",
        "post",
        lambda world: f"/moderation/posts/{world.pending.pk}/approve/",
        MODERATORS,
        setup=_pending_reply,
        effect=lambda world, user: _fresh(world.pending).is_approved,
    ),
    Action(
        "hide",
        "post",
        lambda world: f"/moderation/posts/{world.reply.pk}/hide/",
        MODERATORS,
        data=lambda world, user: {"reason": "Off topic"},
        effect=lambda world, user: _fresh(world.reply).is_hidden,
    ),
    Action(
        "restore",
        "post",
        lambda world: f"/moderation/posts/{world.reply.pk}/restore/",
        MODERATORS,
        setup=_hidden_reply,
        effect=lambda world, user: not _fresh(world.reply).is_hidden,
    ),
    Action(
        "dismiss_flags",
        "post",
        lambda world: f"/moderation/posts/{world.reply.pk}/dismiss-flags/",
        MODERATORS,
        setup=_flagged_reply,
        effect=lambda world, user: (
            not Flag.objects.filter(post=world.reply, resolved_at__isnull=True).exists()
        ),
    ),
    Action(
        "delete_as_spam",
        "post",
        lambda world: f"/moderation/posts/{world.reply.pk}/spam/",
        MODERATORS,
        effect=lambda world, user: (
            _fresh(world.reply).is_hidden and _fresh(world.replier).is_banned
        ),
    ),
    Action(
        "lock",
        "post",
        _mod_thread("lock"),
        MODERATORS,
        author="asker",
        effect=lambda world, user: _fresh(world.question).is_locked,
    ),
    Action(
        "unlock",
        "post",
        _mod_thread("unlock"),
        MODERATORS,
        author="asker",
        setup=_thread_state(is_locked=True),
        effect=lambda world, user: not _fresh(world.question).is_locked,
    ),
    Action(
        "pin",
        "post",
        _mod_thread("pin"),
        MODERATORS,
        author="asker",
        effect=lambda world, user: _fresh(world.question).is_pinned,
    ),
    Action(
        "unpin",
        "post",
        _mod_thread("unpin"),
        MODERATORS,
        author="asker",
        setup=_thread_state(is_pinned=True),
        effect=lambda world, user: not _fresh(world.question).is_pinned,
    ),
    Action(
        "feature",
        "post",
        _mod_thread("feature"),
        MODERATORS,
        author="asker",
        effect=lambda world, user: _fresh(world.question).is_featured,
    ),
    Action(
        "unfeature",
        "post",
        _mod_thread("unfeature"),
        MODERATORS,
        author="asker",
        setup=_thread_state(featured_at=timezone.now()),
        effect=lambda world, user: not _fresh(world.question).is_featured,
    ),
    Action(
        "move",
        "post",
        lambda world: f"/moderation/threads/{world.question.pk}/move/",
        MODERATORS,
        data=lambda world, user: {"to": world.other_board.pk, "reason": "Billing"},
        author="asker",
        effect=lambda world, user: (
            _fresh(world.question).board_id == world.other_board.pk
        ),
    ),
    Action(
        "merge",
        "post",
        lambda world: f"/moderation/threads/{world.other_question.pk}/merge/",
        MODERATORS,
        data=lambda world, user: {"into": str(world.question.pk), "reason": "Dupe"},
        effect=lambda world, user: (
            not Thread.objects.filter(pk=world.other_question.pk).exists()
        ),
    ),
    Action(
        "split",
        "post",
        lambda world: f"/moderation/threads/{world.question.pk}/split/",
        MODERATORS,
        data=lambda world, user: {
            "posts": [str(world.reply.pk)],
            "title": "Line tests explained",
            "reason": "Its own topic",
        },
        author="asker",
        effect=lambda world, user: _fresh(world.reply).thread_id != world.question.pk,
    ),
    Action(
        "suspend",
        "post",
        lambda world: f"/moderation/members/{world.replier.username}/",
        MODERATORS,
        data=lambda world, user: {
            "action": "suspend",
            "until": _suspend_until(),
            "reason": "Cooling off",
        },
        effect=lambda world, user: _fresh(world.replier).is_suspended,
    ),
    Action(
        "ban",
        "post",
        lambda world: f"/moderation/members/{world.replier.username}/",
        MODERATORS,
        data=lambda world, user: {"action": "ban", "reason": "Spammer"},
        effect=lambda world, user: _fresh(world.replier).is_banned,
    ),
    Action(
        "certify_expert",
        "post",
        lambda world: f"/moderation/members/{world.replier.username}/experts/",
        frozenset({w.MODERATOR, w.MANAGER}),
        data=lambda world, user: {"board": world.board.pk, "title": "Modem expert"},
        effect=lambda world, user: world.replier.certifications.filter(
            title="Modem expert"
        ).exists(),
    ),
    Action(
        "revoke_certification",
        "post",
        lambda world: f"/moderation/members/{_expert(world).username}/experts/",
        frozenset({w.MODERATOR, w.MANAGER}),
        data=lambda world, user: {"revoke": _expert(world).certifications.get().pk},
        effect=lambda world, user: not _expert(world).certifications.exists(),
    ),
    Action(
        "report_settings",
        "post",
        lambda world: "/reports/deflection/settings/",
        frozenset({w.MANAGER}),
        data=lambda world, user: {"cost_per_contact": "17.50", "currency": "AUD"},
        effect=lambda world, user: (
            str(DeflectionSettings.load().cost_per_contact) == "17.50"
        ),
    ),
    # The settings area (forum.console): managers; the moderation thresholds are
    # for administrators only, who are not among the matrix's roles.
    Action(
        "site_settings",
        "post",
        lambda world: "/manage/site/",
        frozenset({w.MANAGER}),
        data=lambda world, user: {
            "site_name": "Matrix site",
            "cost_per_contact": "12.00",
            "currency": "AUD",
        },
        effect=lambda world, user: (
            SiteSettings.objects.get().site_name == "Matrix site"
        ),
    ),
    Action(
        "moderation_thresholds",
        "post",
        lambda world: "/manage/moderation/",
        frozenset(),
        data=lambda world, user: {"moderation_flags_to_hide": "9"},
    ),
    Action(
        "create_board",
        "post",
        lambda world: "/manage/boards/",
        frozenset({w.MANAGER}),
        data=lambda world, user: {"name": "Matrix board", "kind": "questions"},
        effect=lambda world, user: Board.objects.filter(name="Matrix board").exists(),
    ),
    Action(
        "edit_board",
        "post",
        lambda world: f"/manage/boards/{world.other_board.pk}/",
        frozenset({w.MANAGER}),
        data=lambda world, user: {"name": "Matrix billing", "kind": "questions"},
        effect=lambda world, user: _fresh(world.other_board).name == "Matrix billing",
    ),
    Action(
        "move_board",
        "post",
        lambda world: f"/manage/boards/{world.other_board.pk}/move/",
        frozenset({w.MANAGER}),
        data=lambda world, user: {"direction": "up"},
        effect=lambda world, user: (
            _fresh(world.other_board).position < _fresh(world.board).position
        ),
    ),
    Action(
        "archive_board",
        "post",
        lambda world: f"/manage/boards/{world.other_board.pk}/archive/",
        frozenset({w.MANAGER}),
        effect=lambda world, user: _fresh(world.other_board).is_archived,
    ),
    Action(
        "restore_board",
        "post",
        lambda world: f"/manage/boards/{world.other_board.pk}/restore/",
        frozenset({w.MANAGER}),
        setup=lambda world, user: Board.objects.filter(pk=world.other_board.pk).update(
            archived_at=timezone.now()
        ),
        effect=lambda world, user: not _fresh(world.other_board).is_archived,
    ),
    Action(
        "add_rank",
        "post",
        lambda world: "/manage/ranks/",
        frozenset({w.MANAGER}),
        data=lambda world, user: {"name": "Matrix rank", "min_points": "5"},
        effect=lambda world, user: Rank.objects.filter(name="Matrix rank").exists(),
    ),
    Action(
        "edit_rank",
        "post",
        lambda world: f"/manage/ranks/{_top_rank().pk}/",
        frozenset({w.MANAGER}),
        data=lambda world, user: {"name": "Matrix legend", "min_points": "5000"},
        effect=lambda world, user: _top_rank().name == "Matrix legend",
    ),
    Action(
        "remove_rank",
        "post",
        lambda world: f"/manage/ranks/{_top_rank().pk}/remove/",
        frozenset({w.MANAGER}),
        setup=lambda world, user: Rank.objects.create(
            name="Matrix top", min_points=9000
        ),
        effect=lambda world, user: not Rank.objects.filter(name="Matrix top").exists(),
    ),
    Action(
        "subscribe_to_summary",
        "post",
        lambda world: "/reports/subscriptions/",
        frozenset({w.MANAGER}),
        data=lambda world, user: {"frequency": "weekly"},
        effect=lambda world, user: ReportSubscription.objects.filter(
            user=user, frequency="weekly"
        ).exists(),
    ),
    Action(
        "unsubscribe_from_summary",
        "post",
        lambda world: f"/reports/subscriptions/{world.subscription.pk}/unsubscribe/",
        frozenset({w.MANAGER}),
        setup=_managers_subscription,
        effect=lambda world, user: not ReportSubscription.objects.exists(),
    ),
    Action(
        "mark_ticket_handled",
        "post",
        lambda world: f"/support/tickets/{world.kept_ticket.reference}/handled/",
        frozenset({w.MODERATOR, w.MANAGER}),
        setup=_kept_ticket,
        effect=lambda world, user: _fresh(world.kept_ticket).handled_by == user,
    ),
    Action(
        "add_synonym",
        "post",
        lambda world: "/search/synonyms/",
        SEARCH_TUNERS,
        data=lambda world, user: {"phrases": "matrix, grid", "two_way": "1"},
        effect=lambda world, user: Synonym.objects.filter(
            phrases="matrix, grid"
        ).exists(),
    ),
    Action(
        "delete_synonym",
        "post",
        lambda world: f"/search/synonyms/{_synonym().pk}/delete/",
        SEARCH_TUNERS,
        setup=lambda world, user: _synonym(),
        effect=lambda world, user: (
            not Synonym.objects.filter(phrases="matrix, grid").exists()
        ),
    ),
    Action(
        "promote_thread",
        "post",
        lambda world: "/search/promotions/",
        SEARCH_TUNERS,
        data=lambda world, user: {
            "query": "matrix query",
            "thread": world.question.get_absolute_url(),
        },
        effect=lambda world, user: Promotion.objects.filter(
            thread=world.question
        ).exists(),
    ),
    Action(
        "promote_article",
        "post",
        lambda world: "/search/promotions/",
        SEARCH_TUNERS,
        setup=lambda world, user: _matrix_article(),
        data=lambda world, user: {
            "query": "matrix query",
            "article": str(_matrix_article().pk),
        },
        effect=lambda world, user: Promotion.objects.filter(
            article__title="Matrix article"
        ).exists(),
    ),
    Action(
        "api_token_create",
        "post",
        lambda world: "/settings/tokens/",
        ALL_MEMBERS,
        data=lambda world, user: {"name": "matrix token"},
        effect=lambda world, user: ApiToken.objects.filter(
            user=user, name="matrix token"
        ).exists(),
    ),
    Action(
        "api_token_revoke",
        "post",
        lambda world: f"/settings/tokens/{world.token.pk}/revoke/",
        frozenset({w.AUTHOR}),
        setup=_replier_token,
        effect=lambda world, user: not _fresh(world.token).is_usable,
    ),
    Action(
        "notification_mark_read",
        "post",
        lambda world: f"/notifications/{world.notification.pk}/read/",
        frozenset({w.AUTHOR}),
        author="asker",
        setup=_asker_notification,
        effect=lambda world, user: _fresh(world.notification).read_at is not None,
    ),
]

API = "/api/v1"
API_ACTIONS = [
    Action(
        "api_avatar",
        "put",
        lambda world: "/api/v1/me/avatar/",
        WRITERS,
        api=True,
        api_format="multipart",
        data=lambda world, user: {"file": SimpleUploadedFile("me.png", _tiny_png())},
        effect=lambda world, user: bool(_fresh(user).avatar_key),
    ),
    Action(
        "api_upload",
        "post",
        lambda world: "/api/v1/uploads/",
        WRITERS,
        api=True,
        api_format="multipart",
        data=lambda world, user: {
            "file": SimpleUploadedFile("router.log", b"matrix log line\n")
        },
        effect=lambda world, user: Attachment.objects.filter(owner=user).exists(),
    ),
    Action(
        "api_create_thread",
        "post",
        lambda world: f"{API}/threads/",
        WRITERS,
        api=True,
        author="asker",
        data=lambda world, user: {
            "board": world.board.slug,
            "title": "Matrix API question",
            "body": "Asked through the API.",
        },
        effect=lambda world, user: Thread.objects.filter(
            author=user, title="Matrix API question"
        ).exists(),
    ),
    Action(
        "api_reply",
        "post",
        lambda world: f"{API}/threads/{world.question.pk}/posts/",
        WRITERS,
        api=True,
        author="asker",
        data=lambda world, user: {"body": "Matrix API reply"},
        effect=lambda world, user: Post.objects.filter(
            author=user, body="Matrix API reply"
        ).exists(),
    ),
    Action(
        "api_kudos",
        "post",
        lambda world: f"{API}/posts/{world.reply.pk}/kudos/",
        OTHERS_WHO_WRITE,
        api=True,
        effect=_kudos_exists,
    ),
    Action(
        "api_unkudos",
        "delete",
        lambda world: f"{API}/posts/{world.reply.pk}/kudos/",
        ALL_MEMBERS - {w.AUTHOR},
        api=True,
        setup=_give_kudos,
        effect=lambda world, user: not _kudos_exists(world, user),
        noop=frozenset({w.AUTHOR}),
    ),
    Action(
        "api_me_too",
        "post",
        lambda world: f"{API}/threads/{world.question.pk}/me-too/",
        OTHERS_WHO_WRITE,
        api=True,
        author="asker",
        effect=lambda world, user: MeToo.objects.filter(
            thread=world.question, user=user
        ).exists(),
    ),
    Action(
        "api_follow",
        "post",
        lambda world: f"{API}/threads/{world.question.pk}/follow/",
        ALL_MEMBERS,
        api=True,
        author="asker",
        noop=frozenset({w.AUTHOR}),
        effect=lambda world, user: ThreadFollow.objects.filter(
            thread=world.question, user=user
        ).exists(),
    ),
    Action(
        "api_accept",
        "post",
        lambda world: f"{API}/threads/{world.question.pk}/accept/",
        ACCEPTERS,
        api=True,
        author="asker",
        data=lambda world, user: {"post": world.reply.pk},
        effect=lambda world, user: (
            _fresh(world.question).solution_post_id == world.reply.pk
        ),
    ),
    Action(
        "api_accept_own_reply",
        "post",
        lambda world: f"{API}/threads/{world.question.pk}/accept/",
        SELF_ACCEPTERS,
        api=True,
        author="asker",
        data=lambda world, user: {"post": world.own_reply.pk},
        setup=_own_reply,
        effect=_own_reply_accepted,
    ),
    Action(
        "api_unaccept",
        "post",
        lambda world: f"{API}/threads/{world.question.pk}/unaccept/",
        ACCEPTERS,
        api=True,
        author="asker",
        setup=_accepted,
        effect=lambda world, user: _fresh(world.question).solution_post_id is None,
    ),
    Action(
        "api_patch_thread",
        "patch",
        lambda world: f"{API}/threads/{world.question.pk}/",
        AUTHOR_OR_MODERATOR,
        api=True,
        author="asker",
        data=lambda world, user: {"title": "Renamed by the matrix"},
        effect=lambda world, user: (
            _fresh(world.question).title == "Renamed by the matrix"
        ),
    ),
    Action(
        "api_patch_post",
        "patch",
        lambda world: f"{API}/posts/{world.reply.pk}/",
        AUTHOR_OR_MODERATOR,
        api=True,
        data=lambda world, user: {"body": "Edited through the API"},
        effect=lambda world, user: _fresh(world.reply).body == "Edited through the API",
    ),
    Action(
        "api_token_create_api",
        "post",
        lambda world: f"{API}/me/tokens/",
        ALL_MEMBERS,
        api=True,
        data=lambda world, user: {"name": "matrix api token"},
        effect=lambda world, user: ApiToken.objects.filter(
            user=user, name="matrix api token"
        ).exists(),
    ),
    Action(
        "api_token_revoke_api",
        "delete",
        lambda world: f"{API}/me/tokens/{world.token.pk}/",
        frozenset({w.AUTHOR}),
        api=True,
        setup=_replier_token,
        effect=lambda world, user: not _fresh(world.token).is_usable,
    ),
    # The composer's helpers read for those who may write (JSON for its script).
    Action(
        "compose_preview",
        "post",
        lambda world: "/compose/preview/",
        WRITERS,
        api=True,
        data=lambda world, user: {"body": "**Restart** the modem"},
        noop=WRITERS,
    ),
    Action(
        "compose_mentions",
        "get",
        lambda world: "/compose/mentions/?q=re",
        WRITERS,
        api=True,
        noop=WRITERS,
    ),
]


# --- private messages (forum.messages) -----------------------------------------
# A conversation between the asker and the replier ("the author" here); staff see
# it only while a message in it is reported.
PARTICIPANT = frozenset({w.AUTHOR})


def _conversation(world, user):
    world.conversation = message_services.start_conversation(
        by=world.asker,
        recipients=[world.replier],
        subject="Matrix conversation",
        body="A private hello from the asker.",
    )
    world.message = world.conversation.messages.get()


def _reported_conversation(world, user):
    _conversation(world, user)
    MessageReport.objects.create(
        message=world.message,
        conversation=world.conversation,
        reporter=world.replier,
        reason="abuse",
    )


def _asker_blocked(world, user):
    if user is not None:
        Block.objects.create(blocker=user, blocked=world.asker)


def _conversation_url(suffix: str = "", *, api: bool = False):
    prefix = f"{API}/conversations" if api else "/messages"
    return lambda world: f"{prefix}/{world.conversation.pk}/{suffix}"


def _started_conversation(world, user):
    return Conversation.objects.filter(started_by=user).exists()


def _sent_message(world, user):
    return Message.objects.filter(author=user, body="Matrix private reply").exists()


def _left(world, user):
    return Participant.objects.get(conversation=world.conversation, user=user).has_left


def _reported(world, user):
    return MessageReport.objects.filter(reporter=user).exists()


def _blocks_asker(world, user):
    return Block.objects.filter(blocker=user, blocked=world.asker).exists()


MESSAGE_ACTIONS = [
    Action(
        "message_start",
        "post",
        lambda world: "/messages/new/",
        WRITERS,
        data=lambda world, user: {
            "recipients": world.asker.username,
            "subject": "Matrix subject",
            "body": "Matrix private message",
        },
        effect=_started_conversation,
    ),
    Action(
        "message_reply",
        "post",
        _conversation_url("reply/"),
        PARTICIPANT,
        setup=_conversation,
        data=lambda world, user: {"body": "Matrix private reply"},
        effect=_sent_message,
    ),
    Action(
        "message_leave",
        "post",
        _conversation_url("leave/"),
        PARTICIPANT,
        setup=_conversation,
        effect=_left,
    ),
    Action(
        "message_report",
        "post",
        lambda world: f"/messages/report/{world.message.pk}/",
        PARTICIPANT,
        setup=_conversation,
        data=lambda world, user: {"reason": "abuse"},
        effect=_reported,
    ),
    Action(
        "message_dismiss_reports",
        "post",
        _conversation_url("dismiss-reports/"),
        MODERATORS,
        setup=_reported_conversation,
        effect=lambda world, user: not MessageReport.objects.open().exists(),
    ),
    Action(
        "member_block",
        "post",
        lambda world: f"/messages/block/{world.asker.username}/",
        ALL_MEMBERS,
        effect=_blocks_asker,
    ),
    Action(
        "member_unblock",
        "post",
        lambda world: f"/messages/unblock/{world.asker.username}/",
        ALL_MEMBERS,
        setup=_asker_blocked,
        effect=lambda world, user: not _blocks_asker(world, user),
    ),
    Action(
        "api_conversation_start",
        "post",
        lambda world: f"{API}/conversations/",
        WRITERS,
        api=True,
        data=lambda world, user: {
            "recipients": [world.asker.username],
            "subject": "Matrix subject",
            "body": "Matrix private message",
        },
        effect=_started_conversation,
    ),
    Action(
        "api_message_reply",
        "post",
        _conversation_url("messages/", api=True),
        PARTICIPANT,
        api=True,
        setup=_conversation,
        data=lambda world, user: {"body": "Matrix private reply"},
        effect=_sent_message,
    ),
    Action(
        "api_conversation_leave",
        "post",
        _conversation_url("leave/", api=True),
        PARTICIPANT,
        api=True,
        setup=_conversation,
        effect=_left,
    ),
    Action(
        "api_conversation_read",
        "post",
        _conversation_url("read/", api=True),
        PARTICIPANT,
        api=True,
        setup=_conversation,
        effect=lambda world, user: (
            Participant.objects.get(
                conversation=world.conversation, user=user
            ).last_read_at
            is not None
        ),
    ),
    Action(
        "api_message_report",
        "post",
        lambda world: f"{API}/messages/{world.message.pk}/report/",
        PARTICIPANT,
        api=True,
        setup=_conversation,
        data=lambda world, user: {"reason": "abuse"},
        effect=_reported,
    ),
    Action(
        "api_member_block",
        "put",
        lambda world: f"{API}/blocks/{world.asker.username}/",
        ALL_MEMBERS,
        api=True,
        effect=_blocks_asker,
    ),
    Action(
        "api_member_unblock",
        "delete",
        lambda world: f"{API}/blocks/{world.asker.username}/",
        ALL_MEMBERS,
        api=True,
        setup=_asker_blocked,
        effect=lambda world, user: not _blocks_asker(world, user),
    ),
]


def _for_verified_customers_only(world, user):
    world.board.posting_requires_verified_customer = True
    world.board.save(update_fields=["posting_requires_verified_customer"])


# The same writes in a board for verified customers only: the permission module
# refuses them for everyone else, through the page and the API alike.
VERIFIED_BOARD_ACTIONS = [
    Action(
        f"{action.name}_in_verified_customers_board",
        action.method,
        action.url,
        VERIFIED_POSTERS,
        data=action.data,
        api=action.api,
        author=action.author,
        setup=_for_verified_customers_only,
        effect=action.effect,
    )
    for action in [*HTML_ACTIONS, *API_ACTIONS]
    if action.name in {"ask", "reply", "api_create_thread", "api_reply"}
]

ACTIONS = (
    HTML_ACTIONS
    + API_ACTIONS
    + MESSAGE_ACTIONS
    + VERIFIED_BOARD_ACTIONS
    + KNOWLEDGE_ACTIONS
    + KNOWLEDGE_COMMUNITY_ACTIONS
    + IDEA_ACTIONS
    + IDEA_STAFF_ACTIONS
    + CARE_ACTIONS
    + CARE_API_ACTIONS
)
CELLS = [
    pytest.param(action, role, id=f"{action.name}-{role}")
    for action in ACTIONS
    for role in w.ROLES
]


def _client(user, *, api: bool):
    # The API client sends JSON by default; pages get real form posts.
    client = APIClient() if api else Client()
    if user is not None:
        client.force_login(user)
    return client


def _send(client, action: Action, world, user):
    url = action.url(world)
    data = action.data(world, user)
    if action.api:
        return getattr(client, action.method)(url, data, format=action.api_format)
    return getattr(client, action.method)(url, data)


def _refused(response, *, anonymous: bool, api: bool) -> bool:
    if anonymous and api:
        return response.status_code == 401
    if anonymous:
        return response.status_code == 302 and response["Location"].startswith(
            "/accounts/login/"
        )
    return response.status_code in (403, 404)


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    # Building the world took half of each cell's time.
    with w.built_once(django_db_blocker) as world:
        yield world


@pytest.mark.parametrize(("action", "role"), CELLS)
def test_role_matrix(db, shared_world, action, role):
    world = w.reloaded(shared_world)
    author = world.asker if action.author == "asker" else world.replier
    user = world.user(role, author=author)
    if action.setup:
        action.setup(world, user)
    if role == w.SUSPENDED:
        w.suspend(user)
    client = _client(user, api=action.api)
    before = snapshot()

    response = _send(client, action, world, user)

    after = snapshot()
    if role in action.noop:
        assert response.status_code < 400, response.content[:300]
        assert changes(before, after) == {}
    elif role in action.allowed:
        assert response.status_code < 400, response.content[:300]
        assert changes(before, after), (
            f"no change: {response.status_code} {response.get('Location')}"
        )
        assert action.effect(world, user)
    else:
        assert _refused(response, anonymous=user is None, api=action.api), (
            f"{response.status_code} {response.content[:300]!r}"
        )
        assert changes(before, after) == {}


def test_every_role_and_action_is_in_the_matrix():
    names = [action.name for action in ACTIONS]
    assert len(names) == len(set(names))
    for action in ACTIONS:
        assert action.allowed <= set(w.ROLES)
        assert action.noop <= set(w.ROLES)
