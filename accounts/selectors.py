"""What account pages read."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from accounts.models import ExpertCertification, User


def profile_detail(username: str) -> User:
    """An active member by username, with certifications and their boards; raises
    Http404."""
    certifications = ExpertCertification.objects.select_related("board")
    return get_object_or_404(
        User.objects.filter(is_active=True).prefetch_related(
            Prefetch("certifications", queryset=certifications)
        ),
        username=username,
    )
