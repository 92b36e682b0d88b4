"""The role x action matrix's vocabulary: an ``Action`` row and the role sets its
cells allow. Rows live in ``test_role_matrix`` and, per sub-app, in
``matrix_<app>.py`` modules that it gathers."""

from collections.abc import Callable
from dataclasses import dataclass

from tests.security import world as w

ALL_MEMBERS = frozenset(w.ROLES) - {w.ANONYMOUS}
WRITERS = ALL_MEMBERS - {w.SUSPENDED}
OTHERS_WHO_WRITE = WRITERS - {w.AUTHOR}
ACCEPTERS = frozenset({w.AUTHOR, w.EXPERT_HERE, w.MODERATOR})
# Nobody verifies their own answer: only the asker accepts a reply of their own.
SELF_ACCEPTERS = frozenset({w.AUTHOR})
MODERATORS = frozenset({w.MODERATOR})
AUTHOR_OR_MODERATOR = frozenset({w.AUTHOR, w.MODERATOR})
SEARCH_TUNERS = frozenset({w.MODERATOR, w.MANAGER})
# A board for verified customers only (Board.posting_requires_verified_customer).
# Support agents are company staff, who post there too (a case made a thread).
VERIFIED_POSTERS = frozenset({w.VERIFIED_CUSTOMER, w.MODERATOR, w.MANAGER, w.AGENT})
# The care desk's workers (forum.permissions.care).
CARE_AGENTS = frozenset({w.AGENT, w.MODERATOR, w.MANAGER})

# Outcomes of a cell besides allowed and denied: the member acts on their own
# data and there is nothing to change (taking back kudos never given).
NOOP = "noop"


@dataclass(frozen=True)
class Action:
    name: str
    method: str
    url: Callable
    allowed: frozenset
    data: Callable = lambda world, user: {}
    api: bool = False
    author: str = "replier"  # whose role "the author" plays: asker or replier
    setup: Callable | None = None  # (world, user) before the request
    effect: Callable = lambda world, user: True  # visible after an allowed cell
    noop: frozenset = frozenset()
    api_format: str = "json"  # "multipart" for file uploads
