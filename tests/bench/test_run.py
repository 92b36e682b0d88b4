"""The benchmark's bookkeeping: run order, averaging and target verdicts, checked on
made-up results (no server, no database)."""

import socket

import pytest

from bench.run import (
    Page,
    Result,
    average,
    ensure_port_free,
    measurement_order,
    pages_named,
    parse_wrk,
    print_targets,
    target_verdicts,
)

WRK_OUTPUT = """Running 2s test @ http://127.0.0.1:8131/search/?q=modem+restart
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    35.10ms   10.02ms  90.00ms   70.00%
  Latency Distribution
     50%   33.50ms
     75%   40.00ms
     90%   48.00ms
     99%    1.20s
  230 requests in 2.00s, 3.10MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    114.80
Transfer/sec:      1.55MB
"""


def _pages() -> list[Page]:
    return [
        Page("floor", "/bench/floor/1/", key="floor"),
        Page("board page 1 (visitor)", "/b/x/", key="board-visitor"),
        Page("board page 1 (customer)", "/b/x/", "s=1", key="board-customer"),
        Page("thread (visitor)", "/t/1-x/", key="thread-visitor"),
        Page("thread (customer)", "/t/1-x/", "s=1", key="thread-customer"),
        Page("search", "/search/?q=a", key="search"),
        Page("search, not logged", "/search/?q=a", key="search-unlogged"),
        Page("ask suggestions", "/ask/similar/?title=a", key="suggestions"),
        Page("search floor", "/bench/search-floor/?q=a", key="search-floor"),
        Page("report", "/reports/deflection/", "s=2", key="report"),
    ]


def _result(rate: float, p50: float = 10.0) -> Result:
    return Result(rate, p50, p50 * 3, 0)


def _rows(**results: Result) -> list[tuple[Page, Result]]:
    defaults = {
        "floor": _result(100),
        "board-visitor": _result(80),
        "board-customer": _result(60),
        "thread-visitor": _result(70),
        "thread-customer": _result(69),
        "search": _result(50, p50=40),
        "search-unlogged": _result(52, p50=39),
        "suggestions": _result(60, p50=25),
        "search-floor": _result(40, p50=60),
        "report": _result(10, p50=150),
    }
    return [(page, results.get(page.key, defaults[page.key])) for page in _pages()]


def _verdicts(**results: Result) -> dict[str, tuple[str, bool]]:
    return {
        verdict.target: (verdict.measured, verdict.met)
        for verdict in target_verdicts(_rows(**results))
    }


def test_wrk_output_gives_rate_percentiles_and_errors():
    result = parse_wrk(WRK_OUTPUT)

    assert (result.requests_per_second, result.p50_ms, result.p99_ms) == (
        114.8,
        33.5,
        1200.0,
    )
    assert result.errors == 3


def test_search_with_and_without_logging_alternate_mirrored_and_the_rest_run_once():
    pages = _pages()

    order = [page.key for page in measurement_order(pages, rounds=2)]

    assert order == [
        "floor",
        "board-visitor",
        "board-customer",
        "thread-visitor",
        "thread-customer",
        "search",
        "search-unlogged",
        "search-unlogged",
        "search",
        "suggestions",
        "search-floor",
        "report",
    ]


def test_named_pages_are_measured_with_the_floor_and_no_names_means_all():
    assert [page.key for page in pages_named(_pages(), "search, report")] == [
        "floor",
        "search",
        "report",
    ]
    assert pages_named(_pages(), "") == _pages()


def test_without_the_unlogged_page_every_page_runs_once():
    pages = [page for page in _pages() if page.key != "search-unlogged"]

    assert measurement_order(pages, rounds=3) == pages


def test_repeated_runs_average_rate_and_latency_and_add_errors():
    runs = [Result(90, 10, 30, 1), Result(110, 12, 50, 2)]

    result = average(runs)

    assert (result.requests_per_second, result.p50_ms, result.p99_ms) == (100, 11, 40)
    assert result.errors == 3
    assert result.spread_percent == 20


def test_one_run_has_no_spread():
    assert average([Result(90, 10, 30, 0)]).spread_percent is None


def test_every_target_of_the_issue_is_listed_with_its_measure():
    verdicts = _verdicts()

    assert verdicts == {
        "board page 1 (visitor) ≥ 0.7× floor": ("0.80×", True),
        "board page 1 (customer) ≥ 0.7× floor": ("0.60×", False),
        "thread (visitor) ≥ 0.7× floor": ("0.70×", True),
        "thread (customer) ≥ 0.7× floor": ("0.69×", False),
        "search p50 ≤ 50 ms": ("40.0 ms", True),
        "search ≥ 1.0× naive ranking (req/s)": ("1.25×", True),
        "deflection logging adds ≤ 5% to a search": (
            "with logging: p50 +2.6%, req/s -3.8%",
            True,
        ),
        "ask-a-question suggestions p50 ≤ 30 ms": ("25.0 ms", True),
        "deflection report p50 < 200 ms": ("150.0 ms", True),
    }


def test_slow_suggestions_miss():
    verdicts = _verdicts(suggestions=_result(30, p50=31))

    assert verdicts["ask-a-question suggestions p50 ≤ 30 ms"] == ("31.0 ms", False)


def test_a_search_slower_than_the_naive_ranking_misses():
    verdicts = _verdicts(search=_result(30, p50=70))

    assert verdicts["search ≥ 1.0× naive ranking (req/s)"] == ("0.75×", False)
    assert verdicts["search p50 ≤ 50 ms"] == ("70.0 ms", False)


def test_logging_misses_when_either_latency_or_throughput_moves_more_than_5_percent():
    slower = _verdicts(search=Result(52, 41.0, 99, 0))
    fewer = _verdicts(search=Result(49, 39.0, 99, 0))

    assert slower["deflection logging adds ≤ 5% to a search"][1] is False
    assert fewer["deflection logging adds ≤ 5% to a search"][1] is False


def test_the_logging_measure_says_how_much_runs_of_one_page_differed():
    verdicts = _verdicts(search=Result(50, 40, 99, 0, spread_percent=3.25))

    measured, met = verdicts["deflection logging adds ≤ 5% to a search"]
    assert measured.endswith("(runs of one page differ by up to 3.2%)")
    assert met is True


def test_logging_runs_noisier_than_the_target_give_no_verdict():
    verdicts = _verdicts(
        search=Result(50, 40, 99, 0, spread_percent=7.5),
        **{"search-unlogged": Result(52, 39, 99, 0, spread_percent=2.0)},
    )

    measured, met = verdicts["deflection logging adds ≤ 5% to a search"]
    assert met is None
    assert measured.endswith("(runs of one page differ by up to 7.5%)")


def test_the_report_target_is_strictly_under_200_ms():
    verdicts = _verdicts(report=_result(10, p50=200))

    assert verdicts["deflection report p50 < 200 ms"] == ("200.0 ms", False)


def test_targets_whose_pages_were_not_measured_are_left_out():
    rows = [(page, result) for page, result in _rows() if page.key != "search-floor"]

    targets = [verdict.target for verdict in target_verdicts(rows)]

    assert "search ≥ 1.0× naive ranking (req/s)" not in targets
    assert len(targets) == 8


def test_the_targets_section_prints_pass_miss_and_noisy(capsys):
    noisy_search = Result(50, 40, 99, 0, spread_percent=9.0)

    print_targets(target_verdicts(_rows(search=noisy_search)))

    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("targets")
    assert [line.split()[0] for line in lines[2:]] == [
        "PASS",
        "MISS",
        "PASS",
        "MISS",
        "PASS",
        "PASS",
        "NOISY",
        "PASS",
        "PASS",
    ]


def test_a_port_another_server_listens_on_is_refused():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]

        with pytest.raises(SystemExit, match="already in use"):
            ensure_port_free(port)

    ensure_port_free(port)  # closed again: free


def test_the_community_and_search_reports_are_held_to_the_report_target():
    rows = [
        (
            Page("community", "/reports/community/", "s=2", key="community-report"),
            _result(10, p50=120),
        ),
        (
            Page("search", "/reports/search/", "s=2", key="search-report"),
            _result(10, p50=250),
        ),
    ]

    verdicts = {v.target: (v.measured, v.met) for v in target_verdicts(rows)}

    assert verdicts["community report p50 < 200 ms"] == ("120.0 ms", True)
    assert verdicts["search report p50 < 200 ms"] == ("250.0 ms", False)
