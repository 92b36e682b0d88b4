"""The demo knowledge base (demo.knowledge), seeded on top of the demo threads.
One test, since seeding the threads is most of its time."""

import pytest

from demo import seed
from demo.knowledge import seed_knowledge
from forum.knowledge import selectors
from forum.knowledge.models import Article
from forum.moderation import flood

pytestmark = pytest.mark.django_db


def test_the_demo_has_articles_from_solved_threads_in_every_state(db):
    with flood.exempt():
        seed.seed_accounts()
        seed.seed_boards()
        seed.seed_certifications()
        seed.seed_threads()
        seed_knowledge()

    states = sorted(Article.objects.values_list("state", flat=True))
    assert states.count("published") == 3
    assert {"draft", "in_review", "archived"} <= set(states)
    assert Article.objects.values("category").distinct().count() == 3
    out_of_date = [a for a in Article.objects.all() if selectors.is_out_of_date(a)]
    assert [a.title for a in out_of_date] == [
        "Turning on international roaming before you travel"
    ]
    from_threads = Article.objects.filter(source_thread__isnull=False)
    assert from_threads.exists()
    for article in from_threads:
        assert article.source_thread.is_solved
        assert article.credited_to == article.source_thread.solution_post.author

    with flood.exempt():
        seed_knowledge()
    assert len(states) == Article.objects.count()
