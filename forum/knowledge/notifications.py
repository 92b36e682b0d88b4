"""What a notification about a knowledge article says (forum.notifications.texts
asks this for every notification that names an article)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forum.notifications.models import Notification, NotificationKind

# Notification.action for ARTICLE notifications: what happened to the article.
ARTICLE_EVENTS = {
    "submitted": _("%(actor)s sent “%(title)s” for review"),
    "published": _("“%(title)s” is published"),
    "returned": _("%(actor)s returned “%(title)s” to draft"),
    "updated": _("“%(title)s” was updated"),
    "archived": _("“%(title)s” was archived"),
    "credited": _("Your answer became the knowledge article “%(title)s”"),
}


def article_summary(notification: Notification) -> str:
    """One sentence saying what happened to the article, in the active language."""
    actor = notification.actor.name if notification.actor_id else gettext("Someone")
    title = notification.article.title
    if notification.kind == NotificationKind.ARTICLE_FEEDBACK:
        # The comment stays on the article's feedback page, for its owner only:
        # e-mails and the inbox say only that there is one.
        return gettext("A reader commented on your article “%(title)s”") % {
            "title": title
        }
    template = ARTICLE_EVENTS.get(notification.action, _("“%(title)s” changed"))
    text = str(template) % {"actor": actor, "title": title}
    if notification.action == "returned" and notification.detail:
        # The reviewer's note is what the author needs to act on.
        text = gettext("%(event)s: %(note)s") % {
            "event": text,
            "note": notification.detail,
        }
    return text


# --- who hears what ----------------------------------------------------------
# Called by forum.knowledge.receivers inside the workflow's transaction. notify()
# leaves out the actor, members who turned the kind off and those who may not see
# the article; ``told`` keeps anyone from hearing twice about one event.


def _followers(article, *, told: set[int]):
    from accounts.models import User

    return User.objects.filter(article_follows__article=article).exclude(pk__in=told)


def _reviewers():
    from django.db.models import Q

    from accounts.models import Role, User

    staff = [Role.MODERATOR, Role.MANAGER, Role.ADMINISTRATOR]
    return User.objects.filter(Q(role__in=staff) | Q(is_superuser=True))


def _send(recipients, *, kind=NotificationKind.ARTICLE, **fields) -> set[int]:
    from forum.notifications.services.notify import notify

    return {n.recipient_id for n in notify(recipients, kind=kind, **fields)}


def notify_article_submitted(article, *, by) -> None:
    """Reviewers hear that an article waits for them."""
    _send(_reviewers(), actor=by, article=article, action="submitted")


def notify_article_returned(article, *, by, note: str = "") -> None:
    """The owner hears their article went back to draft, with the reviewer's note."""
    _send([article.owner], actor=by, article=article, action="returned", detail=note)


def notify_article_published(article, *, by, credited=None) -> None:
    """The owner hears it is published, the credited answerer that their answer
    became an article (``credited``: a new credit), followers that it changed."""
    told = {by.pk} if by is not None else set()
    told |= _send([article.owner], actor=by, article=article, action="published")
    if article.owner_id:
        told.add(article.owner_id)
    if credited is not None and credited.user_id not in told:
        told |= _send([credited.user], actor=by, article=article, action="credited")
        told.add(credited.user_id)
    _send(_followers(article, told=told), actor=by, article=article, action="updated")


def notify_article_updated(article, *, by) -> None:
    """Followers hear that a published article has a new version."""
    _send(_followers(article, told=set()), actor=by, article=article, action="updated")


def notify_article_archived(article, *, by) -> None:
    """The owner and followers hear that the article left the knowledge base."""
    told = _send([article.owner], actor=by, article=article, action="archived")
    if article.owner_id:
        told.add(article.owner_id)
    _send(_followers(article, told=told), actor=by, article=article, action="archived")
