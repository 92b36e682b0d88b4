"""Background jobs of the care desk (django-tasks): filing what intake accepted.
The periodic run (forum.deflection.services.periodic) sweeps up anything still
queued."""

from django_tasks import task


@task()
def file_inbound_message(inbound_id: int) -> None:
    """File one accepted message on its case."""
    from forum.care.services.intake import file_inbound

    file_inbound(inbound_id)
