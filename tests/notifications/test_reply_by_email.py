"""Reply by e-mail: the reply address on notification e-mails, and what an answer
sent to it becomes (a reply or a message by that member) or why it is refused."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.integrations.inbound_mail import from_mailgun_form
from forum.messages import services as messages
from forum.messages.models import Message
from forum.models import Post, Thread
from forum.moderation.models import ThreadRedirect
from forum.notifications.inbound import services as inbound_services
from forum.notifications.inbound import tokens
from forum.notifications.inbound.models import (
    InboundReply,
    InboundSource,
    InboundState,
    RefusalReason,
)
from tests.factories import UserFactory
from tests.notifications.reply_mail import (
    DOMAIN,
    QUOTE,
    SIGNATURE,
    SIGNING_KEY,
    address_for,
    mailgun_fields,
    signed,
)

pytestmark = pytest.mark.django_db

REFUSED_SUBJECT = "Your e-mail reply was not posted"


@pytest.fixture(autouse=True)
def reply_by_email(settings):
    settings.REPLY_BY_EMAIL_DOMAIN = DOMAIN
    settings.REPLY_BY_EMAIL_MAILGUN_SIGNING_KEY = SIGNING_KEY


@pytest.fixture
def deliver(client, django_capture_on_commit_callbacks):
    """Post a signed Mailgun form and run what it queues (the job, its e-mails)."""

    def post(fields: dict):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("inbound_mail:mailgun"), signed(fields))

    return post


def refusals(mailoutbox) -> list:
    return [m for m in mailoutbox if m.subject.endswith(REFUSED_SUBJECT)]


def replies_by(member, thread) -> list[str]:
    return list(
        Post.objects.filter(thread=thread, author=member).values_list("body", flat=True)
    )


# The reply address on notification e-mails ------------------------------------


def test_a_reply_notification_e_mail_carries_its_recipients_reply_address(
    question, customer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(question, author=UserFactory(), body="Try a new cable.")

    (message,) = mailoutbox
    (reply_to,) = message.reply_to
    assert reply_to.startswith("reply+") and reply_to.endswith(f"@{DOMAIN}")
    assert len(reply_to.split("@")[0]) <= 64
    named = tokens.read_reply_token(tokens.token_of(reply_to))
    assert (named.user_id, named.thread_id) == (customer.pk, question.pk)
    assert "Reply to this e-mail to answer." in message.body
    assert "Reply to this e-mail to answer." in message.alternatives[0][0]


def test_without_a_reply_domain_notification_e_mails_have_no_reply_address(
    settings, question, mailoutbox, django_capture_on_commit_callbacks
):
    settings.REPLY_BY_EMAIL_DOMAIN = ""
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(question, author=UserFactory(), body="Try a new cable.")

    (message,) = mailoutbox
    assert message.reply_to == []
    assert "Reply to this e-mail" not in message.body


def test_a_private_message_e_mail_carries_a_reply_address_for_the_conversation(
    mailoutbox, django_capture_on_commit_callbacks
):
    alice, bob = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        conversation = messages.start_conversation(
            by=alice, recipients=[bob], subject="Your router", body="Which model?"
        )

    (message,) = mailoutbox
    named = tokens.read_reply_token(tokens.token_of(message.reply_to[0]))
    assert (named.user_id, named.conversation_id) == (bob.pk, conversation.pk)


def test_a_reply_address_altered_by_one_character_is_not_accepted(customer):
    address = address_for(customer, thread=Thread(pk=7))
    token = tokens.token_of(address)
    altered = token[:-1] + ("a" if token[-1] != "a" else "b")

    with pytest.raises(tokens.InvalidReplyToken):
        tokens.read_reply_token(altered)


# Answers that are posted ---------------------------------------------------------


def test_an_answer_to_the_notification_becomes_the_members_reply_without_quote_or_signature(  # noqa: E501
    question, customer, deliver, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(question, author=UserFactory(), body="Try a new cable.")
    (notification_mail,) = mailoutbox

    answer = deliver(
        mailgun_fields(
            to=notification_mail.reply_to[0],
            sender=customer.email,
            text="A new cable fixed it, thank you!" + QUOTE + SIGNATURE,
        )
    )

    assert (answer.status_code, answer.json()) == (200, {"status": "accepted"})
    assert replies_by(customer, question) == [
        "Every night around 8pm the connection drops for a minute.",
        "A new cable fixed it, thank you!",
    ]
    inbound = InboundReply.objects.get()
    assert (inbound.state, inbound.member, inbound.post.body) == (
        InboundState.POSTED,
        customer,
        "A new cable fixed it, thank you!",
    )
    assert inbound.notification is not None
    question.refresh_from_db()
    assert question.reply_count == 2


def test_an_answer_to_a_private_message_becomes_a_message_in_the_conversation(
    deliver,
):
    alice, bob = UserFactory(), UserFactory()
    conversation = messages.start_conversation(
        by=alice, recipients=[bob], subject="Your router", body="Which model?"
    )

    deliver(
        mailgun_fields(
            to=address_for(bob, conversation=conversation),
            sender=bob.email,
            text="It is the Smart Modem 3." + QUOTE,
        )
    )

    latest = Message.objects.filter(conversation=conversation).latest("id")
    assert (latest.author, latest.body) == (bob, "It is the Smart Modem 3.")


def test_an_answer_from_a_second_verified_address_of_the_member_is_posted(
    question, customer, deliver
):
    EmailAddress.objects.create(
        user=customer, email="carla@home.example.net", verified=True
    )

    deliver(
        mailgun_fields(
            to=address_for(customer, thread=question),
            sender="Carla@Home.example.net",
            text="Still dropping tonight.",
        )
    )

    assert "Still dropping tonight." in replies_by(customer, question)


def test_an_answer_waits_for_approval_when_the_member_is_on_probation(
    question, deliver
):
    newcomer = UserFactory(date_joined=timezone.now())

    deliver(
        mailgun_fields(
            to=address_for(newcomer, thread=question),
            sender=newcomer.email,
            text="Same here, every evening.",
        )
    )

    post = Post.objects.get(thread=question, author=newcomer)
    assert post.is_approved is False
    assert InboundReply.objects.get().state == InboundState.POSTED


def test_a_delivery_repeated_by_the_provider_posts_once(question, customer, deliver):
    fields = mailgun_fields(
        to=address_for(customer, thread=question),
        sender=customer.email,
        text="Posted once only.",
        message_id="<same@mail.example.net>",
    )

    first, second = deliver(fields), deliver(fields)

    assert first.json() == {"status": "accepted"}
    assert second.json() == {"status": "duplicate"}
    assert replies_by(customer, question).count("Posted once only.") == 1
    assert InboundReply.objects.count() == 1


# Answers that are refused: nothing posted, the member told why --------------------


def _refused(reason: str) -> InboundReply:
    inbound = InboundReply.objects.get()
    assert (inbound.state, inbound.refusal) == (InboundState.REFUSED, reason)
    return inbound


def test_a_forged_reply_address_posts_nothing_and_tells_the_member(
    question, customer, deliver, mailoutbox
):
    genuine = address_for(customer, thread=question)
    forged = genuine.replace("reply+", "reply+x", 1)

    deliver(mailgun_fields(to=forged, sender=customer.email, text="Hello"))

    assert replies_by(customer, question) == [question.first_post.body]
    _refused(RefusalReason.FORGED)
    (told,) = refusals(mailoutbox)
    assert told.to == [customer.email]
    assert "not one we gave out" in told.body
    assert "Hello" not in told.body


def test_a_forged_reply_address_from_a_stranger_is_told_to_nobody(
    question, customer, deliver, mailoutbox
):
    forged = "reply+t1-1-1.AAAAAA.aaaaaaaaaaaaaaaaaaaaaaaa@" + DOMAIN

    deliver(mailgun_fields(to=forged, sender="someone@elsewhere.example", text="Hi"))

    _refused(RefusalReason.FORGED)
    assert refusals(mailoutbox) == []


def test_an_expired_reply_address_posts_nothing_and_links_to_the_thread(
    settings, question, customer, deliver, mailoutbox, monkeypatch
):
    issued = signing.time.time() - (settings.REPLY_BY_EMAIL_MAX_AGE_DAYS + 1) * 86400
    monkeypatch.setattr(signing.time, "time", lambda: issued)
    old_address = address_for(customer, thread=question)
    monkeypatch.undo()

    deliver(mailgun_fields(to=old_address, sender=customer.email, text="Late reply"))

    assert "Late reply" not in replies_by(customer, question)
    _refused(RefusalReason.EXPIRED)
    (told,) = refusals(mailoutbox)
    assert "has expired" in told.body
    assert question.get_absolute_url() in told.body
    assert "Late reply" in told.body


def test_an_answer_from_another_address_posts_nothing_and_warns_the_member(
    question, customer, deliver, mailoutbox
):
    deliver(
        mailgun_fields(
            to=address_for(customer, thread=question),
            sender="friend@elsewhere.example",
            text="Posting as Carla!",
        )
    )

    assert "Posting as Carla!" not in replies_by(customer, question)
    _refused(RefusalReason.WRONG_SENDER)
    (told,) = refusals(mailoutbox)
    assert told.to == [customer.email]
    assert "friend@elsewhere.example" in told.body
    assert "Posting as Carla!" not in told.body


def test_an_answer_for_a_member_who_no_longer_exists_is_told_to_nobody(
    question, deliver, mailoutbox
):
    gone = UserFactory()
    address, sender = address_for(gone, thread=question), gone.email
    gone.delete()

    deliver(mailgun_fields(to=address, sender=sender, text="From beyond"))

    _refused(RefusalReason.UNKNOWN_MEMBER)
    assert not Post.objects.filter(body="From beyond").exists()
    assert refusals(mailoutbox) == []


def test_an_answer_from_a_suspended_member_posts_nothing(
    question, customer, deliver, mailoutbox
):
    customer.suspended_until = timezone.now() + timedelta(days=3)
    customer.save(update_fields=["suspended_until"])

    deliver(
        mailgun_fields(
            to=address_for(customer, thread=question),
            sender=customer.email,
            text="Let me post",
        )
    )

    assert "Let me post" not in replies_by(customer, question)
    _refused(RefusalReason.SUSPENDED)
    assert "can't post at the moment" in refusals(mailoutbox)[0].body


@pytest.mark.parametrize("author_is_moderator", [False, True])
def test_an_answer_to_a_locked_thread_posts_nothing(
    author_is_moderator, question, deliver, mailoutbox, moderator, other_customer
):
    member = moderator if author_is_moderator else other_customer
    Thread.objects.filter(pk=question.pk).update(is_locked=True)

    deliver(
        mailgun_fields(
            to=address_for(member, thread=question),
            sender=member.email,
            text="One more thing",
        )
    )

    assert replies_by(member, question) == []
    _refused(RefusalReason.LOCKED)
    (told,) = refusals(mailoutbox)
    assert "locked" in told.body
    assert "One more thing" in told.body


def test_an_answer_to_a_hidden_thread_posts_nothing(
    question, other_customer, deliver, mailoutbox
):
    Thread.objects.filter(pk=question.pk).update(is_hidden=True)

    deliver(
        mailgun_fields(
            to=address_for(other_customer, thread=question),
            sender=other_customer.email,
            text="Hello?",
        )
    )

    assert replies_by(other_customer, question) == []
    _refused(RefusalReason.HIDDEN)
    (told,) = refusals(mailoutbox)
    assert "no longer available" in told.body
    assert question.get_absolute_url() not in told.body


def test_an_answer_to_a_conversation_the_member_left_posts_nothing(deliver, mailoutbox):
    alice, bob = UserFactory(), UserFactory()
    conversation = messages.start_conversation(
        by=alice, recipients=[bob], subject="Your router", body="Which model?"
    )
    messages.leave_conversation(conversation, by=bob)

    deliver(
        mailgun_fields(
            to=address_for(bob, conversation=conversation),
            sender=bob.email,
            text="Back again",
        )
    )

    assert not Message.objects.filter(body="Back again").exists()
    _refused(RefusalReason.NOT_ALLOWED)
    assert "no longer write in this conversation" in refusals(mailoutbox)[0].body


def test_an_answer_with_only_quoted_text_and_a_signature_posts_nothing(
    question, customer, deliver, mailoutbox
):
    deliver(
        mailgun_fields(
            to=address_for(customer, thread=question),
            sender=customer.email,
            text="\n" + QUOTE + SIGNATURE,
        )
    )

    assert replies_by(customer, question) == [question.first_post.body]
    _refused(RefusalReason.EMPTY)
    assert "above the quoted text" in refusals(mailoutbox)[0].body


def test_the_flood_limit_applies_to_answers_by_e_mail(
    settings, flood_limits, question, other_customer, deliver, mailoutbox
):
    settings.MODERATION_RATE_LIMITS = {"post": [(1, 60)]}
    services.post_reply(question, author=other_customer, body="First, on the page.")

    deliver(
        mailgun_fields(
            to=address_for(other_customer, thread=question),
            sender=other_customer.email,
            text="Second, by e-mail.",
        )
    )

    assert replies_by(other_customer, question) == ["First, on the page."]
    _refused(RefusalReason.FLOOD)
    assert "posting very quickly" in refusals(mailoutbox)[0].body


def test_a_replayed_refused_answer_is_told_only_once(
    question, customer, deliver, mailoutbox
):
    Thread.objects.filter(pk=question.pk).update(is_locked=True)
    fields = mailgun_fields(
        to=address_for(customer, thread=question),
        sender=customer.email,
        text="Locked out",
        message_id="<twice@mail.example.net>",
    )

    deliver(fields)
    deliver(fields)

    assert len(refusals(mailoutbox)) == 1
    assert InboundReply.objects.count() == 1


def test_an_out_of_office_answer_posts_nothing_and_is_not_answered(
    question, customer, deliver, mailoutbox
):
    deliver(
        mailgun_fields(
            to=address_for(customer, thread=question),
            sender=customer.email,
            text="I am away until Monday.",
            **{"message-headers": '[["Auto-Submitted", "auto-replied"]]'},
        )
    )

    assert "I am away until Monday." not in replies_by(customer, question)
    _refused(RefusalReason.AUTOMATIC)
    assert refusals(mailoutbox) == []


def test_refusal_e_mails_stop_at_the_daily_cap(
    settings, question, customer, deliver, mailoutbox
):
    settings.REPLY_BY_EMAIL_REFUSALS_PER_DAY = 2
    Thread.objects.filter(pk=question.pk).update(is_locked=True)
    address = address_for(customer, thread=question)

    for number in range(3):
        deliver(mailgun_fields(to=address, sender=customer.email, text=f"Try {number}"))

    assert len(refusals(mailoutbox)) == 2
    assert InboundReply.objects.filter(state=InboundState.REFUSED).count() == 3


def test_the_refusal_is_written_in_the_members_language(
    question, customer, deliver, mailoutbox
):
    customer.language = "ar"
    customer.save(update_fields=["language"])
    Thread.objects.filter(pk=question.pk).update(is_locked=True)

    deliver(
        mailgun_fields(
            to=address_for(customer, thread=question),
            sender=customer.email,
            text="Hello",
        )
    )

    (told,) = [m for m in mailoutbox if m.to == [customer.email]]
    assert '<html lang="ar" dir="rtl">' in told.alternatives[0][0]
    assert told.extra_headers["Auto-Submitted"] == "auto-replied"


def test_two_deliveries_of_one_mail_racing_each_other_store_it_once(
    question, customer, monkeypatch, django_capture_on_commit_callbacks
):
    email = from_mailgun_form(
        mailgun_fields(
            to=address_for(customer, thread=question),
            sender=customer.email,
            text="Raced.",
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = inbound_services.receive_reply_mail(
            email, recipient=email.recipients[0], source=InboundSource.MAILGUN
        )
    # The second delivery looked before the first was committed, and found nothing.
    monkeypatch.setattr(inbound_services, "_received_before", lambda message_id: None)

    second, created = inbound_services.receive_reply_mail(
        email, recipient=email.recipients[0], source=InboundSource.MAILGUN
    )

    assert (second, created) == (first, False)
    assert Post.objects.filter(body="Raced.").count() == 1


def test_an_answer_to_a_thread_merged_meanwhile_joins_the_thread_it_went_into(
    question, customer, deliver, board
):
    target = services.create_thread(
        board=board, author=UserFactory(), title="NBN evening dropouts", body="Same."
    )
    address = address_for(customer, thread=question)
    ThreadRedirect.objects.create(old_thread_id=question.pk, thread=target)
    Thread.objects.filter(pk=question.pk).delete()

    deliver(mailgun_fields(to=address, sender=customer.email, text="Any news?"))

    assert replies_by(customer, target) == ["Any news?"]
