"""Demo staff answers for the idea exchange: every status with a realistic public
response, and one duplicate merged into the idea it repeats, all through the
services the staff pages use."""

from __future__ import annotations

from accounts.models import User
from forum.ideas.models import Idea
from forum.ideas.services.statuses import change_idea_status, merge_idea

# (status steps, each with its public response), for one idea each in turn.
ANSWERS: list[list[tuple[str, str]]] = [
    [("under_review", "Thanks for raising this. The product team is looking at it.")],
    [
        ("under_review", "We're checking how many customers this would help."),
        (
            "planned",
            "This is on the roadmap for the next quarter. We'll post here when "
            "work starts.",
        ),
    ],
    [
        ("planned", "Planned for the app release after next."),
        ("in_progress", "Our developers started on this last week."),
    ],
    [
        ("planned", "Planned: it's a small change on our side."),
        ("in_progress", "Being built now."),
        (
            "delivered",
            "Delivered! Update the app to the latest version to use it. Thanks to "
            "everyone who voted.",
        ),
    ],
    [
        ("under_review", "We're looking at what this would take."),
        (
            "not_planned",
            "We looked at this carefully; our network equipment can't support it, "
            "so it isn't planned. We'll say so here if that changes.",
        ),
    ],
    [
        (
            "delivered",
            "This already works: **Billing → Bills → Download itemised PDF** lists "
            "every call and text.",
        )
    ],
    [("under_review", "Good idea: it's with the billing team.")],
]


def answer_demo_ideas(ideas: list[Idea], *, staff: User) -> list[Idea]:
    """Move the ideas through every status with public responses and merge the
    last one into the first as a duplicate; needs at least eight ideas. Returns
    the ideas as stored afterwards."""
    if len(ideas) < 8:
        raise ValueError("The demo answers need at least eight ideas.")
    *answered, duplicate = ideas[: len(ANSWERS) + 1]
    for idea, steps in zip(answered, ANSWERS, strict=True):
        for status, response in steps:
            change_idea_status(idea, to=status, response=response, by=staff)
    merge_idea(
        duplicate,
        into=answered[0],
        response=(
            "This asks for the same thing as another idea, so we merged them: "
            "your vote moved there."
        ),
        by=staff,
    )
    return list(Idea.objects.filter(pk__in=[idea.pk for idea in ideas]))
