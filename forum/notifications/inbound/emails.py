"""The short e-mail telling a member why their e-mail reply was not posted, in their
language. It goes only to a member's own address (never to whatever address a
mail claims to come from), at most REPLY_BY_EMAIL_REFUSALS_PER_DAY a day."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.languages import in_language_of
from forum import permissions
from forum.console import conf as console_conf
from forum.integrations.inbound_mail import strip_quoted
from forum.notifications.inbound.models import InboundReply, RefusalReason
from forum.notifications.inbound.services import SILENT_REFUSALS

REASONS = {
    RefusalReason.FORGED: _(
        "The address you replied to is not one we gave out, so we could not tell "
        "where your reply belongs."
    ),
    RefusalReason.EXPIRED: _(
        "The reply address in that e-mail has expired. Please reply on the site "
        "instead."
    ),
    RefusalReason.WRONG_SENDER: _(
        "Someone answered a notification sent to you from %(sender)s, an address "
        "that is not verified on your account. To protect your account, we only "
        "post replies sent from your verified address."
    ),
    RefusalReason.SUSPENDED: _(
        "Your account can't post at the moment, so replies by e-mail are not "
        "posted either."
    ),
    RefusalReason.LOCKED: _("The thread is locked, so it takes no new replies."),
    RefusalReason.HIDDEN: _("The thread is no longer available."),
    RefusalReason.NOT_ALLOWED: _("You can no longer reply in this thread."),
    RefusalReason.EMPTY: _(
        "We found no text in your e-mail once the quoted message and the signature "
        "were taken out. Please write your answer above the quoted text."
    ),
    RefusalReason.INVALID: _("Your reply could not be posted: %(problem)s"),
    RefusalReason.FLOOD: _(
        "You are posting very quickly. Please wait a few minutes, then send it again."
    ),
}
NOT_ALLOWED_IN_CONVERSATION = _("You can no longer write in this conversation.")
# The text may not be the member's own (a forged or forwarded mail): not quoted.
QUOTES_TEXT_UNLESS = {RefusalReason.FORGED, RefusalReason.WRONG_SENDER}


def send_refusal(inbound_id: int) -> bool:
    """E-mail the member why ``inbound_id`` was refused; False when nobody is told
    (a silent refusal, no member, already told, or over the daily cap)."""
    inbound = InboundReply.objects.select_related(
        "member", "thread", "thread__board", "conversation"
    ).get(pk=inbound_id)
    member = inbound.member
    if (
        inbound.refusal in SILENT_REFUSALS
        or member is None
        or not member.email
        or inbound.refusal_emailed_at is not None
        or _over_daily_cap(member)
    ):
        return False
    with in_language_of(member):
        message = refusal_message(inbound)
    message.send()
    InboundReply.objects.filter(pk=inbound.pk).update(refusal_emailed_at=timezone.now())
    return True


def _over_daily_cap(member) -> bool:
    since = timezone.now() - timedelta(days=1)
    told = InboundReply.objects.filter(member=member, refusal_emailed_at__gte=since)
    return told.count() >= settings.REPLY_BY_EMAIL_REFUSALS_PER_DAY


def _reason(inbound: InboundReply) -> str:
    if inbound.refusal == RefusalReason.NOT_ALLOWED and inbound.conversation_id:
        return str(NOT_ALLOWED_IN_CONVERSATION)
    return REASONS[inbound.refusal] % {
        "sender": inbound.sender,
        "problem": inbound.refusal_detail,
    }


def _link(inbound: InboundReply) -> str:
    """Where the member can still answer on the site, if anywhere."""
    member, thread = inbound.member, inbound.thread
    if (
        thread is not None
        and inbound.refusal != RefusalReason.HIDDEN
        and permissions.can_view_thread(member, thread)
    ):
        return f"{settings.SITE_URL}{thread.get_absolute_url()}"
    if inbound.conversation is not None:
        return f"{settings.SITE_URL}{inbound.conversation.get_absolute_url()}"
    return ""


def refusal_message(inbound: InboundReply) -> EmailMultiAlternatives:
    """The refusal e-mail, rendered in the active language."""
    quoted = "" if inbound.refusal in QUOTES_TEXT_UNLESS else strip_quoted(inbound.text)
    context = {
        "member": inbound.member,
        "site_name": console_conf.site_name(),
        "mail_subject": inbound.subject,
        "reason": _reason(inbound),
        "quoted": quoted,
        "url": _link(inbound),
    }
    subject = gettext("Your e-mail reply was not posted")
    message = EmailMultiAlternatives(
        subject=" ".join(f"[{console_conf.site_name()}] {subject}".split()),
        body=render_to_string("notifications/email/reply_refused.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[inbound.member.email],
        headers=_headers(inbound),
    )
    message.attach_alternative(
        render_to_string("notifications/email/reply_refused.html", context),
        "text/html",
    )
    return message


def _headers(inbound: InboundReply) -> dict:
    # RFC 3834: an automatic answer, which other robots must not answer in turn.
    headers = {"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"}
    if "@" in inbound.message_id and not inbound.message_id.endswith("@no-message-id"):
        headers["In-Reply-To"] = f"<{inbound.message_id}>"
        headers["References"] = f"<{inbound.message_id}>"
    return headers
