"""Reputation points and the rank ladder, defined once."""

KUDOS_POINTS = 1
SOLUTION_POINTS = 10

# (minimum points, rank name), lowest first.
RANK_LADDER = [
    (0, "New member"),
    (10, "Contributor"),
    (50, "Helper"),
    (150, "Trusted helper"),
    (400, "Community champion"),
    (1000, "Community legend"),
]


def rank_for(points: int) -> str:
    """The name of the highest rank these points reach."""
    name = RANK_LADDER[0][1]
    for minimum, rank_name in RANK_LADDER:
        if points >= minimum:
            name = rank_name
    return name
