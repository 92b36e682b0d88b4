"""A demo private conversation between two demo customers, through the services so
the notification and unread count are real."""

from accounts.models import User
from forum.messages import services
from forum.messages.models import Conversation

SUBJECT = "Your NBN modem settings"


def seed_messages() -> None:
    """Carla asks Dan about his modem; Dan answers; Carla has not read it yet."""
    if Conversation.objects.filter(subject=SUBJECT).exists():
        return
    carla = User.objects.get(username="carla")
    dan = User.objects.get(username="dan")
    conversation = services.start_conversation(
        by=carla,
        recipients=[dan],
        subject=SUBJECT,
        body="Hi Dan, you fixed your evening dropouts: which **DNS** did you set?",
    )
    services.mark_read(conversation, by=dan)
    services.send_message(
        conversation,
        by=dan,
        body="The provider's own, and I turned *Smart Connect* off. Good luck!",
    )
