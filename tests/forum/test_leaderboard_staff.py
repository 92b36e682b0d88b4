"""Staff wear a staff badge and are listed apart from customers on the leaderboard."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from accounts.models import Role
from forum import services
from forum.reputation.selectors import leaderboard
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def earn_kudos(question, *authors):
    giver = UserFactory()
    for author in authors:
        reply = services.post_reply(question, author=author, body="Try a restart.")
        services.give_kudos(reply, by=giver)


def table_after(html: str, heading: str) -> str:
    start = html.index(heading)
    return html[start : html.index("</table>", start)]


def test_the_leaderboard_splits_staff_from_customers(question, expert):
    staff = [UserFactory(role=role) for role in (Role.MODERATOR, Role.MANAGER)]
    admin = UserFactory(role=Role.CUSTOMER, is_superuser=True)
    customer = UserFactory()
    earn_kudos(question, *staff, admin, customer, expert)

    customers = {m.pk for m in leaderboard(staff=False)}
    staff_rows = {m.pk for m in leaderboard(staff=True)}

    assert customers == {customer.pk, expert.pk}
    assert staff_rows == {staff[0].pk, staff[1].pk, admin.pk}
    assert len(leaderboard()) == 5


def test_a_suspended_or_former_staff_member_is_not_listed_as_staff(question):
    former = UserFactory(role=Role.MODERATOR)
    earn_kudos(question, former)
    former.is_active = False
    former.save(update_fields=["is_active"])

    assert leaderboard(staff=True) == []
    assert leaderboard(staff=False) == []


def test_the_leaderboard_page_shows_staff_in_their_own_table_with_the_badge(
    client, question
):
    moderator = UserFactory(role=Role.MODERATOR, display_name="Morgan Mod")
    member = UserFactory(display_name="Casey Customer")
    earn_kudos(question, moderator, member)

    html = client.get("/leaderboard/", {"period": "all"}).content.decode()

    members_table = table_after(html, "Community members")
    staff_table = table_after(html, '<h2 id="staff-heading">Staff</h2>')
    assert escape("Casey Customer") in members_table
    assert "Morgan Mod" not in members_table
    assert "Morgan Mod" in staff_table
    assert 'class="badge badge-staff"' in staff_table


def test_with_no_staff_points_there_is_no_staff_table(client, question):
    earn_kudos(question, UserFactory())

    html = client.get("/leaderboard/", {"period": "all"}).content.decode()

    assert 'id="staff-heading"' not in html


def test_the_leaderboard_page_query_count_does_not_grow_with_members(
    client, question, django_assert_num_queries
):
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/leaderboard/", {"period": "all"}).status_code == 200
        return len(captured)

    earn_kudos(question, UserFactory(), UserFactory(role=Role.MODERATOR))
    with_one_each = queries_for_page()
    earn_kudos(question, *[UserFactory() for _ in range(19)])
    earn_kudos(question, *[UserFactory(role=Role.MANAGER) for _ in range(19)])

    with django_assert_num_queries(with_one_each):
        response = client.get("/leaderboard/", {"period": "all"})
    rows = re.findall(r"<tr>\s*<td>\d+</td>", response.content.decode())
    assert len(rows) == 20 + 10


def test_staff_wear_the_staff_badge_beside_their_posts_and_customers_do_not(
    client, question, manager, other_customer
):
    services.post_reply(question, author=manager, body="From the community team.")
    services.post_reply(question, author=other_customer, body="Same here.")

    html = client.get(question.get_absolute_url()).content.decode()

    assert html.count('class="badge badge-staff"') == 1
    assert 'title="Manager of this community"' in html


def test_a_staff_members_profile_shows_the_staff_badge(client, moderator, customer):
    staff_profile = client.get(f"/u/{moderator.username}/").content.decode()
    customer_profile = client.get(f"/u/{customer.username}/").content.decode()

    assert 'class="badge badge-staff"' in staff_profile
    assert 'class="badge badge-staff"' not in customer_profile
