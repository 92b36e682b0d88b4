from forum.search.query import MAX_QUERY_LENGTH, MAX_TERMS, Clause, parse_query


def test_words_are_required_clauses_in_order():
    parsed = parse_query("modem  dropping\tevenings")

    assert parsed.text == "modem dropping evenings"
    assert parsed.required == (
        Clause("modem"),
        Clause("dropping"),
        Clause("evenings"),
    )


def test_quoted_words_are_a_phrase_and_a_dash_excludes():
    parsed = parse_query('"red light" modem -billing -"phone plan"')

    assert parsed.required == (Clause("red light", quoted=True), Clause("modem"))
    assert parsed.excluded == (
        Clause("billing", negated=True),
        Clause("phone plan", negated=True, quoted=True),
    )
    assert parsed.text == '"red light" modem -billing -"phone plan"'


def test_an_unclosed_quote_runs_to_the_end():
    assert parse_query('modem "red light').text == 'modem "red light"'


def test_a_dash_inside_a_word_keeps_the_word_whole_rather_than_excluding():
    parsed = parse_query("wi-fi")

    assert parsed.required == (Clause("wi-fi"),)


def test_brackets_colons_and_quotes_inside_a_chunk_separate_clauses():
    assert parse_query("near(exchange:the").text == "near exchange"
    assert parse_query('ex"bee"cat').text == "ex bee cat"
    assert parse_query("-modem:router").text == "-modem -router"


def test_punctuation_is_dropped_and_operators_are_plain_words():
    parsed = parse_query('modem * ^ : ( ) {} ; -- - "" NEAR( OR AND NOT')

    # OR, AND and NOT are English stop words; NEAR is searched for as a word.
    assert parsed.text == "modem NEAR"


def test_stop_words_are_dropped_except_inside_a_phrase():
    parsed = parse_query('how do I reset the "turn it off" modem')

    assert parsed.text == 'reset "turn it off" modem'


def test_only_punctuation_or_stop_words_is_not_runnable():
    assert not parse_query("?!? ... --- \"\" ''").is_runnable
    assert not parse_query("how do I").is_runnable
    assert not parse_query("").is_runnable
    assert not parse_query(None).is_runnable


def test_exclusions_alone_are_not_runnable():
    assert not parse_query("-billing -modem").is_runnable


def test_the_query_is_capped_in_length_and_terms():
    long = parse_query("modem" * 5_000)
    many = parse_query(" ".join(f"word{n}" for n in range(50)))

    assert len(long.text) <= MAX_QUERY_LENGTH
    assert sum(len(clause.words) for clause in many.clauses) == MAX_TERMS


def test_control_characters_and_nul_bytes_separate_words():
    assert parse_query("modem\x00router\x1fcable").text == "modem router cable"


def test_other_scripts_are_words_and_emoji_are_not():
    assert parse_query("调制解调器 😀 مودم").text == "调制解调器 مودم"


def test_repeated_clauses_count_once_whatever_their_case():
    assert parse_query("modem Modem MODEM -x -X").text == "modem -x"


def test_no_clause_text_holds_a_double_quote_or_starts_with_a_dash():
    parsed = parse_query('a"b"c --d "-e f" -"--g h"')

    assert all('"' not in clause.text for clause in parsed.clauses)
    assert all(not clause.text.startswith("-") for clause in parsed.clauses)
