"""The settings area's Ranks page: wiring, form errors that change nothing, the
query count, and a rename reaching a page already cached for visitors."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.moderation.models import AuditAction, AuditEntry
from forum.reputation.models import Rank

pytestmark = pytest.mark.django_db


@pytest.fixture
def ladder(db):
    Rank.objects.all().delete()
    return [
        Rank.objects.create(min_points=0, name="Newcomer"),
        Rank.objects.create(min_points=20, name="Helper"),
    ]


def _rungs() -> list[tuple[int, str]]:
    return list(Rank.objects.order_by("min_points").values_list("min_points", "name"))


@pytest.mark.parametrize(
    ("role", "status"),
    [("customer", 403), ("moderator", 403), ("manager", 200), ("administrator", 200)],
)
def test_the_ranks_page_is_for_managers_and_administrators(
    client, request, role, status, ladder
):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/manage/ranks/").status_code == status


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/manage/ranks/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_lists_the_ladder_by_points_with_its_members(
    client, manager, customer, ladder
):
    customer.reputation = 25
    customer.save(update_fields=["reputation"])
    Rank.objects.create(min_points=10, name="Regular")
    client.force_login(manager)

    page = client.get("/manage/ranks/").content.decode()

    assert page.index("Newcomer") < page.index("Regular") < page.index("Helper")
    assert "0 to 9 points · 1 member" in page  # the manager
    assert "10 to 19 points · 0 members" in page
    assert "20 points and more · 1 member" in page  # the customer
    assert 'aria-current="page">Ranks</a>' in page


def test_the_settings_areas_navigation_links_the_ranks_page(client, manager):
    client.force_login(manager)
    for page in ("/manage/", "/manage/boards/"):
        assert 'href="/manage/ranks/"' in client.get(page).content.decode()


def test_a_rank_is_added_renamed_and_removed_from_the_pages(client, manager, ladder):
    client.force_login(manager)
    response = client.post("/manage/ranks/", {"name": "Guru", "min_points": "100"})
    assert response.status_code == 302
    guru = Rank.objects.get(name="Guru")

    response = client.post(
        f"/manage/ranks/{guru.pk}/", {"name": "Legend", "min_points": "150"}
    )
    assert response.status_code == 302
    assert _rungs()[-1] == (150, "Legend")

    response = client.post(f"/manage/ranks/{guru.pk}/remove/")
    assert response.status_code == 302
    assert _rungs() == [(0, "Newcomer"), (20, "Helper")]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert actions == {
        AuditAction.ADD_RANK,
        AuditAction.CHANGE_RANK,
        AuditAction.REMOVE_RANK,
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "min_points": "50"}, "A rank needs a name."),
        ({"name": "helper", "min_points": "50"}, "Another rank is already called"),
        ({"name": "Star", "min_points": "20"}, "“Helper” already starts at 20"),
        ({"name": "Star", "min_points": "-3"}, "Points start at 0."),
        ({"name": "Star", "min_points": "many"}, "Enter a whole number."),
        ({"name": "Star", "min_points": "9" * 12}, "less than or equal to"),
        ({"name": "S" * 61, "min_points": "50"}, "at most 60 characters"),
    ],
)
def test_a_bad_new_rank_is_a_form_error_and_changes_nothing(
    client, manager, ladder, data, message
):
    client.force_login(manager)
    response = client.post("/manage/ranks/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert _rungs() == [(0, "Newcomer"), (20, "Helper")]
    assert not AuditEntry.objects.exists()


def test_a_bad_change_is_a_form_error_and_changes_nothing(client, manager, ladder):
    client.force_login(manager)
    response = client.post(
        f"/manage/ranks/{ladder[0].pk}/", {"name": "Newcomer", "min_points": "5"}
    )

    assert response.status_code == 400
    assert "The lowest rank starts at 0 points" in response.content.decode()
    assert _rungs() == [(0, "Newcomer"), (20, "Helper")]


def test_removing_the_lowest_or_last_rank_is_a_form_error(client, manager, ladder):
    client.force_login(manager)
    response = client.post(f"/manage/ranks/{ladder[0].pk}/remove/")
    assert response.status_code == 400
    assert "rename it instead" in response.content.decode()

    ladder[1].delete()
    response = client.post(f"/manage/ranks/{ladder[0].pk}/remove/")
    assert response.status_code == 400
    assert "A ladder keeps at least one rank." in response.content.decode()
    assert _rungs() == [(0, "Newcomer")]
    assert not AuditEntry.objects.exists()


def test_an_unknown_rank_is_a_404(client, manager, ladder):
    client.force_login(manager)
    assert client.get("/manage/ranks/999999/").status_code == 404
    assert client.post("/manage/ranks/999999/remove/").status_code == 404


def test_the_lowest_rank_offers_no_remove_button(client, manager, ladder):
    client.force_login(manager)
    page = client.get("/manage/ranks/").content.decode()
    assert f"/manage/ranks/{ladder[0].pk}/remove/" not in page
    assert f"/manage/ranks/{ladder[1].pk}/remove/" in page


def test_an_empty_table_shows_the_built_in_ladder(client, manager):
    Rank.objects.all().delete()
    client.force_login(manager)
    page = client.get("/manage/ranks/").content.decode()
    assert "members carry the built-in ladder" in page
    assert "Community legend from 2000" in page


def _queries(client) -> int:
    cache.clear()  # every count from cold, the worst case
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/manage/ranks/").status_code == 200
    return len(captured)


def test_the_ranks_page_query_count_does_not_grow_with_rungs(
    client, manager, ladder, django_assert_num_queries
):
    ladder[1].delete()
    client.force_login(manager)
    with_one = _queries(client)
    Rank.objects.bulk_create(
        Rank(name=f"Rung {n}", min_points=n * 10) for n in range(1, 20)
    )

    cache.clear()
    with django_assert_num_queries(with_one):
        page = client.get("/manage/ranks/").content.decode()
    assert page.count('class="console-board"') == 20


def test_a_renamed_rank_reaches_a_thread_page_already_cached_for_visitors(
    client, manager, question
):
    lowest = Rank.objects.order_by("min_points").first()
    url = question.get_absolute_url()
    shown = f'<span class="rank">{lowest.name}</span>'
    assert shown in client.get(url).content.decode()
    # A write that renews nothing leaves the cached page as it was: it is cached.
    Rank.objects.filter(pk=lowest.pk).update(name="Unseen")
    assert "Unseen" not in client.get(url).content.decode()

    client.force_login(manager)
    client.post(f"/manage/ranks/{lowest.pk}/", {"name": "Member", "min_points": "0"})
    client.logout()

    assert '<span class="rank">Member</span>' in client.get(url).content.decode()


def test_another_app_servers_ladder_memo_gives_way_at_its_next_request(
    client, manager, question
):
    from forum import caching, reputation

    lowest = Rank.objects.order_by("min_points").first()
    url = question.get_absolute_url()
    shown = f'<span class="rank">{lowest.name}</span>'
    assert shown in client.get(url).content.decode()
    # This process now plays the other app server: it holds the ladder in its memo.
    assert reputation._local_ladder is not None
    # The edit happens on the first server: the row, the shared ladder and the site
    # generation change, but not this process's memo.
    Rank.objects.filter(pk=lowest.pk).update(name="Member")
    cache.delete(reputation.LADDER_CACHE_KEY)
    caching.forget_site()

    assert '<span class="rank">Member</span>' in client.get(url).content.decode()
