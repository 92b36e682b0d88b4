from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from forum import permissions


@require_GET
@login_required
def index(request):
    """The settings area (filled in by the site-settings work)."""
    if not permissions.can_configure_site(request.user):
        raise PermissionDenied
    return HttpResponse("Settings")
