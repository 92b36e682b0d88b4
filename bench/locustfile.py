"""The load scenario: visitors reading and searching, signed-in customers reading,
replying and giving kudos, as a browser would (CSRF token from the page's form).

Open workload: every simulated user is a Poisson process of one request a second on
average, whatever the server's answer time, so together they offer one Poisson
stream at the number of users per second, as independent visitors do; a server
slower than the gaps shows as a missed rate, which ``bench.load`` checks. (locust's
``constant_throughput`` started every user in the same instant and kept them in
step: the server met all of them in one burst a second, which no crowd of real
visitors does.) Run through ``python -m bench.load``, which writes the plan
(``LOAD_PLAN``: pages, queries, session cookies) this file reads.
"""

import json
import os
import re
import secrets
import time
import uuid

import gevent
from locust import HttpUser, events, task

with open(os.environ["LOAD_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)

REQUESTS_PER_USER_SECOND = float(os.environ.get("LOAD_USER_RATE", "1"))
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SHOWN_AT_FIELD = re.compile(r'name="shown_at" value="([^"]*)"')
KUDOS_FORM = re.compile(
    r'action="/p/(\d+)/kudos/"[^>]*>\s*<input[^>]*csrfmiddlewaretoken[^>]*>\s*'
    r'<input type="hidden" name="action" value="give">'
)
POST_ADDRESS = re.compile(r"^/p/(\d+)/$")

_random = secrets.SystemRandom()


def poisson_arrivals(requests_per_second: float):
    """A wait that starts each task an exponential gap after the last one was due to
    start (not after it ended): the user's arrivals stay a Poisson process however
    long the server takes. A user whose answer outlasted the next gap starts at
    once and catches up, so only a server that cannot keep up serves less."""

    def wait_time(user) -> float:
        now = time.monotonic()
        user.next_start = getattr(user, "next_start", now) + _random.expovariate(
            requests_per_second
        )
        return max(0.0, user.next_start - now)

    return wait_time


# Replies the server confirmed (post id and the marker in its body), for the
# worker-kill run's "each confirmed reply exists exactly once" check.
confirmed_replies: list[dict] = []


@events.test_stop.add_listener
def save_confirmed_replies(**_kwargs):
    path = os.environ.get("LOAD_REPLIES_FILE")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(confirmed_replies, out)


class Reader(HttpUser):
    abstract = True
    wait_time = poisson_arrivals(REQUESTS_PER_USER_SECOND)

    def on_start(self):
        # The first arrival too: users spawned together must not start together.
        self.next_start = time.monotonic() + _random.expovariate(
            REQUESTS_PER_USER_SECOND
        )
        gevent.sleep(self.next_start - time.monotonic())

    def read_home(self):
        self.client.get("/", name="home")

    def read_board(self):
        self.client.get(secrets.choice(PLAN["boards"]), name="board")

    def read_thread(self):
        thread = secrets.choice(PLAN["threads"])
        return thread, self.client.get(thread["path"], name="thread")


class Visitor(Reader):
    """Nobody signed in: most of the traffic, and all of the searches."""

    weight = 4

    @task(2)
    def home(self):
        self.read_home()

    @task(4)
    def board(self):
        self.read_board()

    @task(6)
    def thread(self):
        self.read_thread()

    @task(2)
    def search(self):
        query = secrets.choice(PLAN["searches"])
        self.client.get("/search/", params={"q": query}, name="search")


class Customer(Reader):
    """A signed-in customer: reads a thread, then sometimes replies to it or gives
    kudos on it. Each thread visit is made as one of many seeded members, so
    per-member flood limits see ordinary members, not one very busy one."""

    weight = 1

    def on_start(self):
        self.page = None
        super().on_start()

    def _become_someone(self):
        session = secrets.choice(PLAN["sessions"])
        self.client.cookies.set(PLAN["session_cookie"], session)

    @task(2)
    def board(self):
        self.read_board()

    @task(6)
    def thread(self):
        self._become_someone()
        thread, response = self.read_thread()
        self.page = (thread, response.text) if response.ok else None

    @task(1)
    def reply(self):
        if self.page is None:
            return self.thread()
        thread, html = self.page
        self.page = None
        csrf, shown_at = CSRF_FIELD.search(html), SHOWN_AT_FIELD.search(html)
        if not (csrf and shown_at):
            return None
        marker = uuid.uuid4().hex
        body = f"Same here: a modem restart fixed it for me. ({marker})"
        with self.client.post(
            f"/t/{thread['id']}/reply/",
            data={
                "csrfmiddlewaretoken": csrf.group(1),
                "shown_at": shown_at.group(1),
                "body": body,
            },
            name="reply",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            posted = POST_ADDRESS.match(response.headers.get("Location", ""))
            if response.status_code == 302 and posted:
                confirmed_replies.append({"post": int(posted[1]), "marker": marker})
                response.success()
            else:
                response.failure(f"reply not posted: {response.status_code}")
        return None

    @task(1)
    def kudos(self):
        if self.page is None:
            return self.thread()
        thread, html = self.page
        csrf, posts = CSRF_FIELD.search(html), KUDOS_FORM.findall(html)
        if not (csrf and posts):
            self.page = None
            return None
        post_id = secrets.choice(posts)
        self.page = (thread, html.replace(f'action="/p/{post_id}/kudos/"', ""))
        with self.client.post(
            f"/p/{post_id}/kudos/",
            data={"csrfmiddlewaretoken": csrf.group(1), "action": "give"},
            headers={"Accept": "application/json"},
            name="kudos",
            catch_response=True,
        ) as response:
            # "Already given" is a 200 too: the same member may meet the post twice.
            if response.status_code == 200:
                response.success()
            else:
                response.failure(f"kudos not given: {response.status_code}")
        return None
