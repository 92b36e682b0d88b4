"""Saves and deletes that change what cached pages show (see forum.caching)."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag

from accounts.models import ExpertCertification
from forum import caching
from forum.models import Board, Category, Post, Thread
from forum.moderation.models import BoardModerator
from forum.reputation.models import BadgeAward, Rank

# A member's fields that appear beside their posts; others (last_login, counters,
# e-mail settings) change often and show nowhere on a cached page.
SHOWN_MEMBER_FIELDS = frozenset(
    {"username", "display_name", "role", "is_active", "verified_customer_at"}
)


@receiver(pre_save, sender=Thread)
def _thread_moving(sender, instance, update_fields=None, **kwargs):
    # The board losing the thread must drop it from its list too.
    if instance.pk and (update_fields is None or "board" in update_fields):
        caching.forget_threads_in(Thread.objects.filter(pk=instance.pk))


@receiver(post_save, sender=Thread)
@receiver(post_delete, sender=Thread)
def _thread_changed(sender, instance, **kwargs):
    caching.forget_threads([instance.pk], [instance.board_id])


@receiver(post_save, sender=Post)
@receiver(post_delete, sender=Post)
def _post_changed(sender, instance, **kwargs):
    if Post.thread.is_cached(instance):
        board_id = instance.thread.board_id
    else:
        board_id = (
            Thread.objects.filter(pk=instance.thread_id)
            .values_list("board_id", flat=True)
            .first()
        )
    caching.forget_threads([instance.thread_id], [board_id])


@receiver(m2m_changed, sender=Thread.tags.through)
def _thread_tags_changed(sender, instance, **kwargs):
    if isinstance(instance, Thread) and kwargs["action"].startswith("post_"):
        caching.forget_threads([instance.pk], [instance.board_id])


@receiver(post_save, sender=get_user_model())
def _member_saved(sender, instance, created=False, update_fields=None, **kwargs):
    # A new member shows nowhere yet: sign-ups keep every cached page.
    if created:
        return
    if update_fields is None or SHOWN_MEMBER_FIELDS & set(update_fields):
        caching.forget_site()


@receiver(post_delete, sender=get_user_model())
@receiver(post_save, sender=ExpertCertification)
@receiver(post_delete, sender=ExpertCertification)
@receiver(post_save, sender=BoardModerator)
@receiver(post_delete, sender=BoardModerator)
@receiver(post_save, sender=BadgeAward)
@receiver(post_delete, sender=BadgeAward)
@receiver(post_save, sender=Rank)
@receiver(post_delete, sender=Rank)
@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
@receiver(post_save, sender=Board)
@receiver(post_delete, sender=Board)
@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
def _shown_everywhere(sender, **kwargs):
    caching.forget_site()
