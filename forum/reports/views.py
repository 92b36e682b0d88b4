from django.shortcuts import redirect
from django.views.decorators.http import require_GET


@require_GET
def index(request):
    """The family's first page is the deflection report."""
    return redirect("deflection:report")
