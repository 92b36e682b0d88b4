"""The inbound-mail webhook: ``POST /mail/inbound/mailgun/``, Mailgun's inbound-route
form, signed with the webhook signing key.

Answers in JSON: 200 ``{"status": "accepted"}`` (or ``"duplicate"`` for a
Message-ID seen before; refusals about the content are recorded and e-mailed to
the member, never answered with an error, so Mailgun does not retry them), or an
error ``{"error": ..., "field": ...}`` with 400 (no reply address, no sender),
401 (unsigned or too old), 404 (reply by e-mail is off) or 413 (too big). An
error stores nothing.
"""

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from community.http import body_exceeds
from forum.integrations.inbound_mail import (
    SignatureRefused,
    check_mailgun_signature,
    from_mailgun_form,
)
from forum.notifications.inbound import tokens
from forum.notifications.inbound.models import InboundSource
from forum.notifications.inbound.services import receive_reply_mail

# Below Django's DATA_UPLOAD_MAX_MEMORY_SIZE, so the cap answers before Django does.
MAX_BODY_BYTES = 2_000_000


def _error(message: str, status: int, *, field: str = "") -> JsonResponse:
    body = {"error": message} | ({"field": field} if field else {})
    return JsonResponse(body, status=status)


@csrf_exempt  # signed with Mailgun's webhook signing key instead
@require_POST
def mailgun_inbound(request):
    if not tokens.is_enabled():
        return _error("Reply by e-mail is not enabled.", 404)
    if body_exceeds(request, MAX_BODY_BYTES):
        return _error(f"The body is over {MAX_BODY_BYTES} bytes.", 413)
    try:
        check_mailgun_signature(
            timestamp=request.POST.get("timestamp"),
            token=request.POST.get("token"),
            signature=request.POST.get("signature"),
            key=settings.REPLY_BY_EMAIL_MAILGUN_SIGNING_KEY,
            tolerance_seconds=settings.REPLY_BY_EMAIL_TOLERANCE_SECONDS,
        )
    except SignatureRefused as refusal:
        return _error(str(refusal), 401)
    email = from_mailgun_form(dict(request.POST.items()))
    recipient = tokens.reply_address_in(email.recipients)
    if not recipient:
        return _error("No reply address among the recipients.", 400, field="recipient")
    if not email.sender:
        return _error("Expected the sender's e-mail address.", 400, field="from")
    _, created = receive_reply_mail(
        email, recipient=recipient, source=InboundSource.MAILGUN
    )
    return JsonResponse({"status": "accepted" if created else "duplicate"})
