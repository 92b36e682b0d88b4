"""Notification e-mails: one notification, or a member's daily digest. Every link is
built from SITE_URL; every message carries one-click unsubscribe headers."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import ngettext

from accounts.languages import in_language_of
from accounts.models import User
from forum.console import conf as console_conf
from forum.notifications import texts, tokens
from forum.notifications.inbound.tokens import reply_address_for
from forum.notifications.models import Notification, NotificationKind

EXCERPT_WORDS = 60


def absolute(path: str) -> str:
    """A full URL on this site, from SITE_URL (never from a request's Host)."""
    return f"{settings.SITE_URL}{path}"


def unsubscribe_url(user: User, scope: str) -> str:
    token = tokens.make_unsubscribe_token(user, scope)
    return absolute(reverse("notifications:unsubscribe", args=[token]))


def _excerpt(notification: Notification) -> str:
    # Moderator notices quote nothing: the post may be hidden now.
    if notification.post_id is None or notification.kind == NotificationKind.MODERATION:
        return ""
    text = strip_tags(notification.post.body_html).strip()
    return Truncator(text).words(EXCERPT_WORDS)


def _item(notification: Notification) -> dict:
    return {
        "summary": texts.summary(notification),
        "url": absolute(texts.target_path(notification)),
        "excerpt": _excerpt(notification),
        "reason": notification.detail
        if notification.kind == NotificationKind.MODERATION
        else "",
    }


def _message(
    user: User,
    *,
    subject: str,
    template: str,
    context: dict,
    scope: str,
    reply_to: str = "",
):
    link = unsubscribe_url(user, scope)
    context = {
        **context,
        "member": user,
        "site_name": console_conf.site_name(),
        "site_url": settings.SITE_URL,
        "settings_url": absolute(reverse("notifications:settings")),
        "unsubscribe_url": link,
        "unsubscribe_all": scope == tokens.ALL,
        "reply_by_email": bool(reply_to),
    }
    # Names and titles are members' text: one line, or the mail library refuses it.
    subject = " ".join(f"[{console_conf.site_name()}] {subject}".split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        reply_to=[reply_to] if reply_to else None,
        headers={
            # RFC 2369 and RFC 8058: mail clients show an unsubscribe button that
            # POSTs to the link, no sign-in and no confirmation page.
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
            # The caller renders inside the recipient's language.
            "Content-Language": translation.get_language(),
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    return message


def notification_message(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail for one notification, in the recipient's language; unsubscribing
    stops this kind only."""
    # Sent by a job, away from any request: the member's choice decides the language.
    with in_language_of(notification.recipient):
        item = _item(notification)
        return _message(
            notification.recipient,
            subject=item["summary"],
            template="notification",
            context={"item": item, "kind_label": notification.get_kind_display()},
            scope=notification.kind,
            reply_to=reply_address_for(notification),
        )


def digest_message(user: User, notifications: list[Notification]):
    """One e-mail listing a member's notifications of the day, in their language;
    unsubscribing stops all notification e-mail."""
    count = len(notifications)
    with in_language_of(user):
        subject = ngettext(
            "Your daily digest: %(count)d update",
            "Your daily digest: %(count)d updates",
            count,
        ) % {"count": count}
        return _message(
            user,
            subject=subject,
            template="digest",
            context={"items": [_item(n) for n in notifications], "count": count},
            scope=tokens.ALL,
        )
