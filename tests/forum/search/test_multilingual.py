"""Chinese and Arabic posts are found, on both engines: ideographs are indexed as
character bigrams and Arabic's optional marks and letter variants are folded
(forum.search.scripts), and the search quality is measured on a small collection
(multilingual.json: ten threads in each language on telco topics, asked as
customers would, and queries worded unlike the titles)."""

from pathlib import Path

import pytest
from django.db import connection

from bench.relevance.relevance_eval import score
from forum.search import analysis, highlight, search_threads
from forum.search.backends.base import MARK_END, MARK_START
from forum.search.planning import MAX_TYPED_TERMS, plan_query
from forum.search.query import parse_query
from tests.forum.search.test_relevance import load_collection, page_titles, run_queries

pytestmark = pytest.mark.django_db

COLLECTION = Path(__file__).with_name("multilingual.json")
# Thread keys: z01… Chinese, a01… Arabic.
LANGUAGES = {"z": "zh-hans", "a": "ar"}


def test_a_run_of_ideographs_is_indexed_as_its_bigrams():
    assert analysis.terms("无法激活") == ["无法", "法激", "激活"]
    assert analysis.terms("卡") == ["卡"]


def test_ideographs_and_latin_words_are_separate_words():
    assert analysis.terms("我的iPhone无法激活") == [
        "我的",
        "iphon",
        "无法",
        "法激",
        "激活",
    ]


def test_arabic_marks_tatweel_and_letter_variants_fold_away():
    assert analysis.terms("الفاتورةُ أعلَى مـن المعتاد") == analysis.terms(
        "الفاتوره اعلي من المعتاد"
    )
    assert analysis.terms("إلغاء آخر") == ["الغاء", "اخر"]


def test_english_analysis_is_unchanged():
    assert analysis.terms("Wi-Fi isn't working on my NBN") == [
        "wi",
        "fi",
        "wifi",
        "isnt",
        "work",
        "nbn",
    ]


def test_a_chinese_word_inside_a_sentence_finds_its_thread(indexed_thread):
    indexed_thread("新买的手机一直无法激活", "换了SIM卡以后显示无服务。")
    indexed_thread("晚上网速特别慢", "看视频一直卡顿。")

    results = search_threads("激活失败")

    assert [hit.thread.title for hit in results.hits] == ["新买的手机一直无法激活"]


def test_arabic_is_found_whatever_its_marks_and_letter_forms(indexed_thread):
    indexed_thread("فاتورتي أعلى من المعتاد", "وصلتني الفاتورة بمبلغ كبير.")

    for query in ("الفاتوره", "الفَاتُورَة", "اعلى"):
        assert search_threads(query).total == 1, query


def test_the_highlight_marks_the_original_characters(indexed_thread):
    indexed_thread("新买的手机一直无法激活", "换了SIM卡以后还是无法激活，显示无服务。")

    hit = search_threads("激活").hits[0]

    assert hit.title_html == "新买的手机一直无法<mark>激活</mark>"
    # A snippet ends with its last word, in Chinese as in English.
    assert hit.snippet == "换了SIM卡以后还是无法<mark>激活</mark>，显示无服务"


def test_a_long_chinese_snippet_is_cut_around_its_match_without_spaces():
    text = "我们家的网络" * 20 + "一直无法激活" + "这是后面的内容" * 20

    cut = highlight.snippet(text, {"激活"})

    # Forty-eight ideographs (as many as 24 English words hold), no spaces.
    assert cut == "…" + text[78:122] + "无法" + MARK_START + "激活" + MARK_END + "…"


def test_neighbouring_matched_ideographs_are_one_mark(indexed_thread):
    indexed_thread("新买的手机一直无法激活", "显示无服务。")

    hit = search_threads("无法激活").hits[0]

    assert hit.title_html == "新买的手机一直<mark>无法激活</mark>"


def test_a_word_in_arabic_script_is_never_corrected(indexed_thread):
    indexed_thread("فاتورتي أعلى من المعتاد", "وصلتني الفاتورة بمبلغ كبير.")

    results = search_threads("الفاتورا")

    assert results.suggestion == ""
    assert results.total == 0


def test_a_latin_typo_beside_ideographs_is_corrected_alone(indexed_thread):
    indexed_thread("iPhone无法激活", "Telstra的SIM卡。")

    assert search_threads("iphnoe激活").suggestion == "iphone激活"


def test_chinese_and_arabic_questions_find_their_threads():
    collection = load_collection(COLLECTION)

    runs = run_queries(collection, page_titles)

    metrics = score(collection["queries"], runs, 10)
    by_language = {
        language: score(
            [q for q in collection["queries"] if next(iter(q["relevant"]))[0] == p],
            runs,
            10,
        )
        for p, language in LANGUAGES.items()
    }
    print(
        f"multilingual on {connection.vendor}:",
        {
            name: {m: round(found[m], 3) for m in ("recall@1", "recall@3", "mrr@10")}
            for name, found in {"all": metrics, **by_language}.items()
        },
    )
    assert metrics["recall@3"] >= 0.9
    assert metrics["zero_result_rate"] == 0


def test_a_long_chinese_question_is_read_up_to_the_term_limit(indexed_thread):
    indexed_thread("手机无法激活", "换了SIM卡。")
    question = (
        "换卡以后手机一直无法激活请问应该怎么办才好呢"
        "我已经重启了很多次也联系过客服但是还是不行谢谢大家"
    )

    plan = plan_query(parse_query(question))

    assert len(plan.typed_terms) + len(plan.unmatched) == MAX_TYPED_TERMS
    assert "激活" in plan.typed_terms
