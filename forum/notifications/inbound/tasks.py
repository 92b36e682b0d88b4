"""The background job that posts a stored e-mail reply (django-tasks)."""

from django_tasks import task

from forum.notifications.inbound import services


@task()
def post_reply_mail(inbound_id: int) -> str:
    """Post one e-mail reply as its member's reply or message, or refuse it."""
    return services.process_reply_mail(inbound_id)
