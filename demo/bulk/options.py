"""How much `manage.py seed_bulk` loads."""

from dataclasses import dataclass


@dataclass
class BulkOptions:
    users: int = 5_000
    boards: int = 8
    threads: int = 50_000
    posts: int = 500_000
    days: int = 90
    seed: int = 42
    solved_share: float = 0.35
    kudos_share: float = 0.3
    journeys: int = 1_000_000
