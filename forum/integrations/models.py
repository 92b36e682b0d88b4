from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.TextChoices):
    THREAD_CREATED = "thread.created", _("A thread was created")
    REPLY_POSTED = "reply.posted", _("A reply was posted")
    SOLUTION_ACCEPTED = "solution.accepted", _("A solution was accepted")
    SOLUTION_UNACCEPTED = "solution.unaccepted", _("A solution was unaccepted")
    POST_HIDDEN = "post.hidden", _("A post was hidden by a moderator")
    TICKET_SUBMITTED = "ticket.submitted", _("A support ticket was submitted")


class WebhookEndpoint(models.Model):
    """Where an integration wants to hear about community events. Every delivery is
    signed with the endpoint's secret (``X-Crowd-Signature: sha256=<hex>``)."""

    name = models.CharField(max_length=100)
    url = models.URLField(
        max_length=500, help_text=_("http(s) address that accepts POST")
    )
    secret = models.CharField(
        max_length=200, help_text=_("Shared secret for the HMAC-SHA256 signature.")
    )
    events = models.JSONField(default=list, help_text=_("Which events to send."))
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def wants(self, event: str) -> bool:
        return self.is_active and event in (self.events or [])
