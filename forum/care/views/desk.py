"""The agents' desk: the queue and a case's page."""

from django.http import Http404


def queue(request):
    raise Http404


def case(request, reference):
    raise Http404
