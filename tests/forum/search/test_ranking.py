"""The ranking's rules, on candidates made by hand (no database)."""

from forum.search import ranking
from forum.search.ranking import Candidate, CorpusStats, QueryTerm

STATS = CorpusStats(documents=100, average_lengths=(6.0, 60.0, 200.0))


def candidate(pk: int, frequencies=None, **fields) -> Candidate:
    fields.setdefault("lengths", (6, 60, 200))
    return Candidate(key=pk, frequencies=frequencies or {}, **fields)


def ranked_ids(candidates, terms, **options) -> list[int]:
    options.setdefault("use_meaning", False)
    return [s.key for s in ranking.rank(candidates, terms, STATS, **options)]


def test_a_title_match_outscores_the_same_word_in_the_question():
    terms = [QueryTerm("modem", doc_count=10)]
    in_title = candidate(1, {"modem": (1, 0, 0)})
    in_body = candidate(2, {"modem": (0, 1, 0)})

    assert ranked_ids([in_body, in_title], terms) == [1, 2]


def test_a_few_mentions_in_the_replies_do_not_outweigh_a_title_match():
    terms = [QueryTerm("modem", doc_count=10)]
    in_title = candidate(1, {"modem": (1, 0, 0)})
    in_replies = candidate(2, {"modem": (0, 0, 3)})

    assert ranked_ids([in_replies, in_title], terms) == [1, 2]


def test_repetition_adds_less_and_less():
    terms = [QueryTerm("modem", doc_count=10)]

    def score(count: int) -> float:
        return ranking.text_score(candidate(1, {"modem": (0, 0, count)}), terms, STATS)[
            0
        ]

    assert score(40) < 2 * score(3) < 4 * score(1)


def test_a_rare_word_counts_more_than_a_common_one():
    terms = [QueryTerm("esim", doc_count=2), QueryTerm("work", doc_count=60)]
    rare = candidate(1, {"esim": (1, 0, 0)})
    common = candidate(2, {"work": (1, 0, 0)})

    assert ranked_ids([common, rare], terms) == [1, 2]


def test_solved_and_expert_verified_threads_win_a_tie_and_only_a_tie():
    terms = [QueryTerm("voicemail", doc_count=5)]
    plain = candidate(1, {"voicemail": (1, 0, 0)})
    solved = candidate(2, {"voicemail": (1, 0, 0)}, is_solved=True)
    verified = candidate(
        3, {"voicemail": (1, 0, 0)}, is_solved=True, is_expert_verified=True
    )
    better = candidate(4, {"voicemail": (1, 2, 0)})

    assert ranked_ids([plain, solved, verified, better], terms) == [4, 3, 2, 1]


def test_the_kudos_boost_is_bounded():
    many = ranking.standing_boost(candidate(1, kudos_count=10**9))

    assert many == ranking.KUDOS_BOOST_MAX
    assert ranking.standing_boost(candidate(2, kudos_count=3)) < many


def test_the_learned_boost_multiplies_the_score():
    terms = [QueryTerm("bill", doc_count=5)]
    first = candidate(1, {"bill": (1, 0, 0)})
    second = candidate(2, {"bill": (1, 0, 0)})

    assert ranked_ids([first, second], terms, learned={1: 0.1}) == [1, 2]
    assert ranked_ids([first, second], terms, learned={2: 0.1}) == [2, 1]


def test_promoted_threads_come_first_in_their_order_and_are_marked():
    terms = [QueryTerm("bill", doc_count=5)]
    strong = candidate(1, {"bill": (3, 3, 3)})
    weak = candidate(2, {"bill": (0, 0, 1)})
    unrelated = candidate(3)

    scored = ranking.rank(
        [strong, weak, unrelated], terms, STATS, use_meaning=False, promoted=[3, 2]
    )

    assert [s.key for s in scored] == [3, 2, 1]
    assert [s.promoted for s in scored] == [True, True, False]


def test_meaning_proposes_a_thread_without_query_words_only_when_close_enough():
    terms = [QueryTerm("browse", doc_count=3)]
    lexical = candidate(1, {"browse": (1, 0, 0)}, cosine=0.5, token_match=0.5)
    close = candidate(2, cosine=0.45, token_match=0.45)
    far = candidate(3, cosine=0.1, token_match=0.1)

    ids = ranked_ids([lexical, close, far], terms, use_meaning=True)

    assert ids == [1, 2]


def test_short_queries_lean_on_covering_their_words():
    terms = [QueryTerm("esim", doc_count=2), QueryTerm("work", doc_count=60)]
    covers_rare = candidate(1, {"esim": (1, 0, 0)}, cosine=0.40, token_match=0.40)
    covers_common = candidate(2, {"work": (1, 0, 0)}, cosine=0.42, token_match=0.42)

    ids = ranked_ids([covers_common, covers_rare], terms, use_meaning=True)

    assert ids == [1, 2]


def test_the_explanation_holds_every_part_of_the_score():
    terms = [QueryTerm("bill", doc_count=5)]
    scored = ranking.rank(
        [
            candidate(
                1, {"bill": (1, 0, 0)}, is_solved=True, cosine=0.5, token_match=0.7
            )
        ],
        terms,
        STATS,
        use_meaning=True,
        learned={1: 0.05},
    )[0]

    assert scored.term_scores == {"bill": scored.text}
    assert scored.meaning == 0.5 * 0.5 + 0.5 * 0.7
    assert scored.standing == ranking.SOLVED_BOOST
    assert scored.learned == 0.05
    assert scored.score == scored.relevance * (1 + scored.standing + scored.learned)
