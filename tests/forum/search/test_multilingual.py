"""Chinese and Arabic posts are found by questions phrased as customers would
phrase them (multilingual.json: ten threads in each language on telco topics, and
queries worded unlike the titles), on both engines."""

from pathlib import Path

import pytest
from django.db import connection

from bench.relevance.relevance_eval import score
from tests.forum.search.test_relevance import load_collection, page_titles, run_queries

pytestmark = pytest.mark.django_db

COLLECTION = Path(__file__).with_name("multilingual.json")


def test_chinese_and_arabic_questions_find_their_threads():
    collection = load_collection(COLLECTION)

    runs = run_queries(collection, page_titles)

    metrics = score(collection["queries"], runs, 10)
    by_language = {
        language: score(
            [q for q in collection["queries"] if q["q"][0] in letters], runs, 10
        )["recall@3"]
        for language, letters in {
            "zh": "扫换一高自回出携开路手P网",
            "ar": "سنلرمالكاإ",
        }.items()
    }
    print(
        f"multilingual on {connection.vendor}:",
        {m: round(metrics[m], 3) for m in ("recall@1", "recall@3", "mrr@10")},
        by_language,
    )
    assert metrics["recall@3"] >= 0.9
    assert metrics["zero_result_rate"] == 0
