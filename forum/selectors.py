"""What forum pages read, with the joins each page needs."""

from django.shortcuts import get_object_or_404

from forum.models import Board


def board_list():
    """All boards in display order, with their category."""
    return Board.objects.select_related("category").order_by(
        "category__position", "category__name", "position", "name"
    )


def board_detail(slug: str) -> Board:
    """The board with this slug; raises Http404."""
    return get_object_or_404(Board.objects.select_related("category"), slug=slug)
