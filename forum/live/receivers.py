"""Saves that open pages should hear about, caught where every write path meets
(the services, the API, e-mail replies and the admin all save through the models)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from forum.live import events
from forum.models import Post
from forum.moderation.models import Flag


@receiver(post_save, sender=Post)
def _post_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if created:
        events.thread_changed(instance.thread_id, change="reply", post_id=instance.pk)
        if not instance.is_approved:
            events.queue_changed(instance.pk, entered=True)
    elif update_fields is not None and "body_html" in update_fields:
        events.thread_changed(instance.thread_id, change="edit", post_id=instance.pk)


@receiver(post_save, sender=Flag)
def _flag_raised(sender, instance, created=False, **kwargs):
    if created:
        events.queue_changed(instance.post_id, entered=True)
