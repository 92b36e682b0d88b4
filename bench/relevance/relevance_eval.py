#!/usr/bin/env python3
"""Search-relevance evaluator for Crowd support (standard library only).

    relevance_eval.py load     --base URL --collection FILE   # boards, threads, replies
    relevance_eval.py evaluate --base URL --collection FILE   # run the queries, score
    relevance_eval.py all      --base URL --collection FILE   # both

See README.md beside this file for the collection format, how loading works and what
each metric means.
"""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import json
import math
import re
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

DEMO_PASSWORD = "crowd-demo-2026"  # the documented demo accounts  # nosec B105
USER_AGENT = "crowd-relevance-eval/1.0"


# --------------------------------------------------------------------------- HTTP


class Client:
    """A tiny HTTP client: optional cookie session (for sign-in, admin forms) and
    optional API token."""

    def __init__(self, base: str, *, token: str | None = None, cookies: bool = False):
        self.base = base.rstrip("/")
        self.token = token
        self.jar = http.cookiejar.CookieJar() if cookies else None
        handlers = []
        if self.jar is not None:
            handlers.append(urllib.request.HTTPCookieProcessor(self.jar))
        handlers.append(_NoRedirect())
        self.opener = urllib.request.build_opener(*handlers)

    def cookie(self, name: str) -> str | None:
        for c in self.jar or []:
            if c.name == name:
                return c.value
        return None

    def request(
        self, method, path, *, data=None, json_body=None, headers=None, retries=5
    ):
        url = path if path.startswith("http") else self.base + path
        hdrs = {"User-Agent": USER_AGENT, "Accept": "application/json, text/html"}
        body = None
        if json_body is not None:
            body = json.dumps(json_body).encode()
            hdrs["Content-Type"] = "application/json"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        if self.token:
            hdrs["Authorization"] = f"Token {self.token}"
        if method != "GET" and self.jar is not None:
            csrf = self.cookie("csrftoken")
            if csrf:
                hdrs["X-CSRFToken"] = csrf
            hdrs["Referer"] = url
            hdrs["Origin"] = self.base
        hdrs.update(headers or {})
        for attempt in range(retries + 1):
            req = urllib.request.Request(url, data=body, headers=hdrs, method=method)
            try:
                with self.opener.open(req, timeout=60) as resp:
                    return (
                        resp.status,
                        resp.headers,
                        resp.read().decode("utf-8", "replace"),
                    )
            except urllib.error.HTTPError as err:
                text = err.read().decode("utf-8", "replace")
                if err.code == 429 and attempt < retries:
                    wait = float(err.headers.get("Retry-After") or 2**attempt)
                    print(
                        f"  429 from {path}; waiting {wait:.0f}s "
                        "(raise API_THROTTLE_* / MODERATION_RATE_LIMITS)",
                        file=sys.stderr,
                    )
                    time.sleep(min(wait, 60))
                    continue
                return err.code, err.headers, text
        raise RuntimeError("unreachable")

    def json(self, method, path, **kw):
        status, _, text = self.request(method, path, **kw)
        try:
            payload = json.loads(text) if text else None
        except ValueError:
            payload = {"raw": text[:500]}
        return status, payload


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')


def sign_in(base: str, username: str, password: str) -> Client:
    """A cookie session signed in through the allauth form at /accounts/login/."""
    client = Client(base, cookies=True)
    status, _, page = client.request("GET", "/accounts/login/")
    match = _CSRF_INPUT.search(page)
    if status != 200 or not match:
        raise SystemExit(f"cannot read the sign-in form ({status})")
    status, headers, page = client.request(
        "POST",
        "/accounts/login/",
        data={
            "login": username,
            "password": password,
            "csrfmiddlewaretoken": match.group(1),
        },
    )
    if status not in (302, 303) or not client.cookie("sessionid"):
        raise SystemExit(
            f"sign-in as {username!r} failed ({status}); "
            "wrong password, unverified e-mail or allauth rate limit?"
        )
    return client


def api_token(base: str, username: str, password: str) -> str:
    """A personal API token, created the documented way (POST /api/v1/me/tokens/
    from a signed-in session)."""
    session = sign_in(base, username, password)
    status, payload = session.json(
        "POST", "/api/v1/me/tokens/", json_body={"name": "relevance-eval"}
    )
    if status != 201 or not payload or "secret" not in payload:
        raise SystemExit(f"token for {username!r}: {status} {payload}")
    return payload["secret"]


# --------------------------------------------------------------------------- load


def norm_title(title: str) -> str:
    return " ".join(html.unescape(title).split()).casefold()


def existing_boards(base: str) -> dict[str, dict]:
    client = Client(base)
    boards, page = {}, 1
    while True:
        status, payload = client.json(
            "GET", f"/api/v1/boards/?page={page}&page_size=50"
        )
        if status != 200:
            raise SystemExit(f"GET /api/v1/boards/: {status} {payload}")
        items = payload["results"] if isinstance(payload, dict) else payload
        for b in items:
            boards[b["slug"]] = b
        if not (isinstance(payload, dict) and payload.get("next")):
            return boards
        page += 1


def create_boards(base: str, admin: Client, boards: list[dict]) -> None:
    """Boards have no API: they are added through the Django admin's "Add board"
    form, as an administrator would. Existing slugs are left alone."""
    present = existing_boards(base)
    for position, board in enumerate(boards):
        if board["key"] in present:
            continue
        status, _, page = admin.request("GET", "/admin/forum/board/add/")
        match = _CSRF_INPUT.search(page)
        if status != 200 or not match:
            raise SystemExit(
                f"admin board form: {status} (is the account an administrator?)"
            )
        status, _, page = admin.request(
            "POST",
            "/admin/forum/board/add/",
            data={
                "csrfmiddlewaretoken": match.group(1),
                "category": "",
                "name": board["name"],
                "slug": board["key"],
                "description": board.get("description", "")[:300],
                "kind": "questions",
                "position": str(100 + position),
                "_save": "Save",
            },
        )
        if status not in (302, 303):
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
            raise SystemExit(
                f"admin refused board {board['key']!r}: {status} {errors[:3]}"
            )
        print(f"  board {board['key']} created")


def existing_threads(base: str, board: str) -> dict[str, int]:
    client = Client(base)
    found, page = {}, 1
    while True:
        status, payload = client.json(
            "GET",
            f"/api/v1/threads/?board={urllib.parse.quote(board)}"
            f"&page={page}&page_size=50&sort=newest",
        )
        if status != 200:
            # An unknown sort value is a 400; fall back to the default order.
            status, payload = client.json(
                "GET",
                f"/api/v1/threads/?board={urllib.parse.quote(board)}"
                f"&page={page}&page_size=50",
            )
        if status != 200:
            raise SystemExit(f"GET threads of {board}: {status} {payload}")
        for t in payload["results"]:
            found[norm_title(t["title"])] = t["id"]
        if not payload.get("next"):
            return found
        page += 1


def load(args, collection) -> None:
    members = [m.strip() for m in args.members.split(",") if m.strip()]
    if len(members) < 2:
        raise SystemExit("--members needs at least two accounts (askers and repliers)")
    admin_user, _, admin_pw = args.admin.partition(":")
    print(f"signing in as {admin_user} (boards) and {', '.join(members)} (posts)")
    admin = sign_in(args.base, admin_user, admin_pw or args.password)
    create_boards(args.base, admin, collection["boards"])
    tokens = {m: api_token(args.base, m, args.password) for m in members}
    clients = {m: Client(args.base, token=t) for m, t in tokens.items()}

    present = {}
    for board in collection["boards"]:
        present.update(
            {
                (board["key"], t): i
                for t, i in existing_threads(args.base, board["key"]).items()
            }
        )
    started = time.monotonic()
    created = skipped = replies = accepted = 0
    for index, thread in enumerate(collection["threads"]):
        if (thread["board"], norm_title(thread["title"])) in present:
            skipped += 1
            continue
        asker = members[index % len(members)]
        others = [m for m in members if m != asker]
        status, payload = clients[asker].json(
            "POST",
            "/api/v1/threads/",
            json_body={
                "board": thread["board"],
                "title": thread["title"],
                "body": thread["body"],
            },
        )
        if status != 201:
            raise SystemExit(f"thread {thread['key']}: {status} {payload}")
        thread_id = payload["id"]
        created += 1
        for r_index, reply in enumerate(thread.get("replies", [])):
            author = others[(index + r_index) % len(others)]
            status, post = clients[author].json(
                "POST",
                f"/api/v1/threads/{thread_id}/posts/",
                json_body={"body": reply["body"]},
            )
            if status != 201:
                raise SystemExit(f"reply to {thread['key']}: {status} {post}")
            replies += 1
            if reply.get("accepted"):
                status, out = clients[asker].json(
                    "POST",
                    f"/api/v1/threads/{thread_id}/accept/",
                    json_body={"post": post["id"]},
                )
                if status != 200:
                    raise SystemExit(f"accept on {thread['key']}: {status} {out}")
                accepted += 1
        if created % 20 == 0:
            print(f"  {created} threads loaded ({time.monotonic() - started:.0f}s)")
    print(
        f"loaded: {created} threads ({skipped} already there), {replies} replies, "
        f"{accepted} accepted, in {time.monotonic() - started:.0f}s"
    )
    if args.hide_unlisted:
        hide_unlisted(args.base, admin, collection)
    if skipped and created:
        print(
            "note: a partly loaded thread is not completed; use a fresh database "
            "when a load was interrupted mid-thread",
            file=sys.stderr,
        )


def hide_unlisted(base: str, admin: Client, collection) -> None:
    """Hide (as a moderator would, POST /api/v1/posts/{question}/hide/) every visible
    thread whose title is not in the collection: on a fresh database these are the
    demo threads of seed_demo, some of which answer collection queries and would count
    as wrong answers. Only for a throwaway database."""
    wanted = {(t["board"], norm_title(t["title"])) for t in collection["threads"]}
    client = Client(base)
    page, victims = 1, []
    while True:
        status, payload = client.json(
            "GET", f"/api/v1/threads/?page={page}&page_size=50"
        )
        if status != 200:
            raise SystemExit(f"GET /api/v1/threads/: {status} {payload}")
        victims += [
            t["id"]
            for t in payload["results"]
            if (t["board"], norm_title(t["title"])) not in wanted
        ]
        if not payload.get("next"):
            break
        page += 1
    for thread_id in victims:
        status, detail = admin.json("GET", f"/api/v1/threads/{thread_id}/")
        if status != 200:
            raise SystemExit(f"GET thread {thread_id}: {status} {detail}")
        status, out = admin.json(
            "POST",
            f"/api/v1/posts/{detail['question']['id']}/hide/",
            json_body={"reason": "relevance evaluation: not part of the collection"},
        )
        if status != 200:
            raise SystemExit(f"hide thread {thread_id}: {status} {out}")
    print(f"hid {len(victims)} threads that are not in the collection")


# --------------------------------------------------------------------------- search


_HTML_TITLE = re.compile(
    r'<h2 class="search-result-title"><a href="[^"]*">(.*?)</a></h2>', re.S
)
_TAG = re.compile(r"<[^>]+>")


def search_api(client: Client, q: str, k: int) -> tuple[list[str], int, float]:
    path = "/api/v1/search/?" + urllib.parse.urlencode({"q": q})
    t0 = time.perf_counter()
    status, payload = client.json("GET", path)
    elapsed = time.perf_counter() - t0
    if status != 200:
        raise SystemExit(f"search {q!r}: {status} {payload}")
    # A knowledge article is a result too (its "thread" is null).
    titles = [
        (hit.get("thread") or hit.get("article") or {}).get("title", "")
        for hit in payload["results"]
    ][:k]
    return titles, int(payload.get("total") or 0), elapsed


def search_html(client: Client, q: str, k: int) -> tuple[list[str], int, float]:
    path = "/search/?" + urllib.parse.urlencode({"q": q})
    t0 = time.perf_counter()
    status, _, page = client.request("GET", path)
    elapsed = time.perf_counter() - t0
    if status != 200:
        raise SystemExit(f"search page {q!r}: {status}")
    titles = [html.unescape(_TAG.sub("", m)) for m in _HTML_TITLE.findall(page)][:k]
    count = re.search(r'class="search-count"[^>]*>\s*([\d,]+)', page)
    total = int(count.group(1).replace(",", "")) if count else len(titles)
    return titles, total, elapsed


def suggest_ask(client: Client, q: str, k: int) -> tuple[list[str], int, float]:
    """The ask-a-question page's live suggestions for a draft title (JSON)."""
    path = "/ask/similar/?" + urllib.parse.urlencode({"title": q})
    t0 = time.perf_counter()
    status, payload = client.json("GET", path)
    elapsed = time.perf_counter() - t0
    if status != 200:
        raise SystemExit(f"ask suggestions {q!r}: {status} {payload}")
    titles = [hit["title"] for hit in payload["results"]][:k]
    return titles, len(titles), elapsed


_SUGGESTION = re.compile(r'<li class="suggestion">\s*<a href="[^"]*">(.*?)</a>', re.S)


def suggest_contact(client: Client, q: str, k: int) -> tuple[list[str], int, float]:
    """The contact-support page's suggested answers (HTML)."""
    path = "/support/contact/?" + urllib.parse.urlencode({"q": q})
    t0 = time.perf_counter()
    status, _, page = client.request("GET", path)
    elapsed = time.perf_counter() - t0
    if status != 200:
        raise SystemExit(f"contact suggestions {q!r}: {status}")
    titles = [html.unescape(_TAG.sub("", m)) for m in _SUGGESTION.findall(page)][:k]
    return titles, len(titles), elapsed


def dcg(gains: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def score(queries, runs, k: int) -> dict:
    """runs: query id -> list of thread keys (None for threads outside the
    collection), best first."""
    judged = [q for q in queries if q["relevant"]]
    empty = [q for q in queries if not q["relevant"]]
    recall = {1: 0, 3: 0, 10: 0}
    mrr = ndcg = 0.0
    zero = 0
    for q in judged:
        ranked = runs[q["id"]]["keys"][:k]
        rel = q["relevant"]
        if not runs[q["id"]]["total"]:
            zero += 1
        first = next((i for i, key in enumerate(ranked) if rel.get(key, 0) >= 2), None)
        for cut in recall:
            if first is not None and first < cut:
                recall[cut] += 1
        if first is not None:
            mrr += 1 / (first + 1)
        ideal = dcg(sorted(rel.values(), reverse=True)[:k])
        ndcg += dcg([rel.get(key, 0) for key in ranked]) / ideal if ideal else 0
    n = len(judged) or 1
    return {
        "queries": len(queries),
        "judged_queries": len(judged),
        "no_answer_queries": len(empty),
        "recall@1": recall[1] / n,
        "recall@3": recall[3] / n,
        "recall@10": recall[10] / n,
        "mrr@10": mrr / n,
        "ndcg@10": ndcg / n,
        "zero_result_rate": zero / n,
        "no_answer_queries_with_results": sum(
            1 for q in empty if runs[q["id"]]["total"]
        ),
    }


def evaluate(args, collection) -> dict:
    k = 10
    titles = {}
    for t in collection["threads"]:
        titles.setdefault(norm_title(t["title"]), t["key"])
    client = Client(args.base, token=args.search_token)
    doors = [("api", search_api)] + ([("html", search_html)] if args.html else [])
    if args.suggestions:
        # Five suggestions each: their Recall@10 and nDCG@10 read at five.
        doors += [("ask", suggest_ask), ("contact", suggest_contact)]
    summary = {
        "base": args.base,
        "collection": args.collection,
        "label": args.label,
        "k": k,
        "doors": {},
    }
    for door, fn in doors:
        runs, latencies = {}, []
        for q in collection["queries"]:
            got, total, elapsed = fn(client, q["q"], k)
            latencies.append(elapsed * 1000)
            runs[q["id"]] = {
                "q": q["q"],
                "total": total,
                "keys": [titles.get(norm_title(x)) for x in got],
                "titles": got,
            }
        metrics = score(collection["queries"], runs, k)
        lat = sorted(latencies)
        metrics["latency_ms_p50"] = statistics.median(lat)
        metrics["latency_ms_p95"] = lat[
            min(len(lat) - 1, math.ceil(0.95 * len(lat)) - 1)
        ]
        by_kind = {}
        for kind in sorted({q.get("kind") for q in collection["queries"]} - {None}):
            subset = [q for q in collection["queries"] if q.get("kind") == kind]
            if any(q["relevant"] for q in subset):
                by_kind[kind] = score(subset, runs, k)
        per_query = []
        for q in collection["queries"]:
            run = runs[q["id"]]
            first = next(
                (
                    i + 1
                    for i, key in enumerate(run["keys"])
                    if q["relevant"].get(key, 0) >= 2
                ),
                None,
            )
            per_query.append(
                {
                    "id": q["id"],
                    "q": q["q"],
                    "kind": q.get("kind"),
                    "relevant": q["relevant"],
                    "total": run["total"],
                    "first_grade2_rank": first,
                    "top": run["titles"][:5],
                    "top_keys": run["keys"][:10],
                }
            )
        summary["doors"][door] = {
            "metrics": metrics,
            "by_kind": by_kind,
            "per_query": per_query,
        }
        print_report(door, metrics, by_kind, per_query, args.show_failures)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(summary, fh, indent=1, ensure_ascii=False)
        print(f"summary written to {args.out}")
    return summary


def print_report(door, m, by_kind, per_query, show):
    print(
        f"\n== {door} search: {m['judged_queries']} judged queries "
        f"(+{m['no_answer_queries']} with no answer in the collection)"
    )
    print(
        f"Recall@1  {m['recall@1']:.3f}   Recall@3 {m['recall@3']:.3f}   "
        f"Recall@10 {m['recall@10']:.3f}"
    )
    print(
        f"MRR@10    {m['mrr@10']:.3f}   nDCG@10  {m['ndcg@10']:.3f}   "
        f"zero-result rate {m['zero_result_rate']:.3f}"
    )
    print(
        f"latency   p50 {m['latency_ms_p50']:.1f} ms   p95 {m['latency_ms_p95']:.1f} ms"
    )
    print(
        f"no-answer queries that returned something: "
        f"{m['no_answer_queries_with_results']}/{m['no_answer_queries']}"
    )
    if by_kind:
        print("by query kind:   n   R@1   R@10  nDCG@10 zero")
        for kind, s in by_kind.items():
            print(
                f"  {kind:<13} {s['judged_queries']:>3}  {s['recall@1']:.2f}  "
                f"{s['recall@10']:.2f}  {s['ndcg@10']:.2f}  {s['zero_result_rate']:.2f}"
            )
    if show:
        misses = [p for p in per_query if p["relevant"] and not p["first_grade2_rank"]]
        print(
            f"first {min(show, len(misses))} of {len(misses)} misses (no grade-2 in top 10):"
        )
        for p in misses[:show]:
            print(
                f"  [{p['id']}] {p['q']!r}: {p['total']} results; top: {p['top'][:3]}"
            )


# --------------------------------------------------------------------------- main


def read_collection(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    keys = {t["key"] for t in data["threads"]}
    boards = {b["key"] for b in data["boards"]}
    for t in data["threads"]:
        if t["board"] not in boards:
            raise SystemExit(f"thread {t['key']} on unknown board {t['board']}")
    seen_titles = set()
    for t in data["threads"]:
        nt = norm_title(t["title"])
        if nt in seen_titles:
            raise SystemExit(f"duplicate title {t['title']!r}: titles map results back")
        seen_titles.add(nt)
    for q in data["queries"]:
        for key in q["relevant"]:
            if key not in keys:
                raise SystemExit(f"query {q['id']} labels unknown thread {key}")
    return data


def main(argv=None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("command", choices=["load", "evaluate", "all", "check"])
    p.add_argument("--base", default="http://127.0.0.1:8000")
    p.add_argument("--collection", required=True)
    p.add_argument(
        "--admin",
        default=f"admin:{DEMO_PASSWORD}",
        help="administrator USER[:PASSWORD] who adds the boards in /admin/",
    )
    p.add_argument(
        "--members",
        default="carla,dan,lee,ethan,priya",
        help="established member accounts that post (not premoderated)",
    )
    p.add_argument("--password", default=DEMO_PASSWORD, help="the members' password")
    p.add_argument(
        "--hide-unlisted",
        action="store_true",
        help="load: hide every thread not in the collection (demo content); "
        "fresh throwaway databases only",
    )
    p.add_argument(
        "--search-token",
        default=None,
        help="search as this token's member (default: anonymous visitor)",
    )
    p.add_argument("--html", action="store_true", help="also score the /search/ page")
    p.add_argument(
        "--suggestions",
        action="store_true",
        help="also score the ask-a-question and contact-support suggestions",
    )
    p.add_argument("--out", help="write the JSON summary here")
    p.add_argument("--label", default="", help="a name for this run in the summary")
    p.add_argument("--show-failures", type=int, default=10)
    args = p.parse_args(argv)
    collection = read_collection(args.collection)
    if args.command == "check":
        judged = sum(1 for q in collection["queries"] if q["relevant"])
        print(
            f"{len(collection['boards'])} boards, {len(collection['threads'])} threads, "
            f"{sum(len(t.get('replies', [])) for t in collection['threads'])} replies, "
            f"{len(collection['queries'])} queries ({judged} judged)"
        )
        return 0
    if args.command in ("load", "all"):
        load(args, collection)
    if args.command in ("evaluate", "all"):
        # Let the index settle (search documents are written with each post).
        evaluate(args, collection)
    return 0


if __name__ == "__main__":
    sys.exit(main())
