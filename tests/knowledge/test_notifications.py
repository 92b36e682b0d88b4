import pytest
from django.urls import reverse

from accounts.models import Role
from forum.knowledge import services as knowledge
from forum.knowledge.services.follows import follow_article
from forum.notifications.models import Notification, NotificationKind
from forum.notifications.texts import summary
from tests.factories import ArticleCategoryFactory, UserFactory
from tests.knowledge.community import published_from_thread, solved_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return ArticleCategoryFactory(name="Getting started", slug="start")


@pytest.fixture
def draft(expert, category, board):
    return knowledge.create_article(
        by=expert,
        category=category,
        title="Setting up your NBN modem",
        body="1. Plug in the modem.",
        boards=[board],
    )


@pytest.fixture
def published(draft, expert, moderator):
    knowledge.submit_article(draft, by=expert)
    return knowledge.publish_article(draft, by=moderator)


def _told(action: str, **filters) -> list:
    return sorted(
        Notification.objects.filter(
            kind=NotificationKind.ARTICLE, action=action, **filters
        ).values_list("recipient__username", flat=True)
    )


def _edit(article, *, by, body="1. Plug in the modem.\n2. Wait."):
    return knowledge.edit_article(
        article,
        by=by,
        title=article.title,
        body=body,
        summary=article.summary,
        tags=[],
        boards=list(article.boards.all()),
        category=article.category,
    )


def test_reviewers_hear_of_an_article_sent_for_review(
    draft, expert, moderator, manager
):
    customer = UserFactory(username="quiet")

    knowledge.submit_article(draft, by=expert)

    assert _told("submitted") == sorted([moderator.username, manager.username])
    assert customer.username not in _told("submitted")


def test_a_reviewer_sending_for_review_is_not_told(category, moderator, manager):
    article = knowledge.create_article(
        by=moderator, category=category, title="Reading your bill", body="Line one."
    )

    knowledge.submit_article(article, by=moderator)

    assert _told("submitted") == [manager.username]


def test_the_owner_hears_their_article_is_published(draft, expert, moderator):
    knowledge.submit_article(draft, by=expert)
    knowledge.publish_article(draft, by=moderator)

    assert _told("published") == [expert.username]


def test_the_owner_hears_it_was_returned_with_the_note(draft, expert, moderator):
    knowledge.submit_article(draft, by=expert)

    knowledge.return_article(draft, by=moderator, note="Add the APN for 5G.")

    notification = Notification.objects.get(action="returned")
    assert notification.recipient == expert
    assert notification.detail == "Add the APN for 5G."
    assert "Add the APN for 5G." in summary(notification)


def test_an_author_withdrawing_their_article_is_not_told(draft, expert):
    knowledge.submit_article(draft, by=expert)

    knowledge.return_article(draft, by=expert, note="")

    assert _told("returned") == []


def test_followers_hear_of_a_new_version_of_a_published_article(
    published, moderator, customer, other_customer
):
    follow_article(published, by=customer)
    follow_article(published, by=other_customer)

    _edit(published, by=moderator)

    assert _told("updated") == sorted([customer.username, other_customer.username])


def test_the_editor_is_never_told_of_their_own_edit(published, moderator, customer):
    follow_article(published, by=moderator)
    follow_article(published, by=customer)

    _edit(published, by=moderator)

    assert _told("updated") == [customer.username]


def test_edits_of_a_draft_tell_no_follower(draft, expert):
    _edit(draft, by=expert)

    assert not Notification.objects.filter(action="updated").exists()


def test_followers_hear_when_the_article_is_published_again(
    published, moderator, customer, expert
):
    follow_article(published, by=customer)
    follow_article(published, by=expert)  # the owner hears "published" instead
    knowledge.archive_article(published, by=moderator)
    knowledge.restore_article(published, by=moderator)
    knowledge.submit_article(published, by=moderator)
    Notification.objects.all().delete()

    knowledge.publish_article(published, by=moderator)

    assert _told("updated") == [customer.username]
    assert _told("published") == [expert.username]
    assert Notification.objects.filter(recipient=expert).count() == 1


def test_followers_and_owner_hear_of_an_archive(published, moderator, customer, expert):
    follow_article(published, by=customer)

    knowledge.archive_article(published, by=moderator)

    assert _told("archived") == sorted([customer.username, expert.username])


def test_the_answerer_who_follows_hears_once_on_first_publication(
    board, customer, expert, moderator, category
):
    answerer = UserFactory(username="petra")
    thread = solved_thread(board, asker=customer, answerer=answerer)

    article = published_from_thread(thread, by=expert, reviewer=moderator)

    told = Notification.objects.filter(
        recipient=answerer, kind=NotificationKind.ARTICLE, article=article
    )
    assert list(told.values_list("action", flat=True)) == ["credited"]
    assert "Your answer became the knowledge article" in summary(told.get())


def test_a_member_who_turned_the_kind_off_is_not_told(draft, expert, moderator):
    from forum.notifications.models import Channel, NotificationPreference

    NotificationPreference.objects.create(
        user=moderator, kind=NotificationKind.ARTICLE, channel=Channel.OFF
    )

    knowledge.submit_article(draft, by=expert)

    assert moderator.username not in _told("submitted")


def test_the_settings_page_lists_the_article_kinds(client, customer):
    client.force_login(customer)

    page = client.get(reverse("notifications:settings")).content.decode()

    assert str(NotificationKind.ARTICLE.label) in page
    assert str(NotificationKind.ARTICLE_FEEDBACK.label).replace("'", "&#x27;") in page


def test_nobody_who_may_not_see_a_draft_hears_of_it(category, moderator):
    UserFactory(username="someone", role=Role.CUSTOMER)
    article = knowledge.create_article(
        by=moderator, category=category, title="Reading your bill", body="Line one."
    )

    knowledge.submit_article(article, by=moderator)

    assert "someone" not in _told("submitted")
