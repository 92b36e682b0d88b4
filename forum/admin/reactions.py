"""Reactions: given and taken back by members on the site, read-only here."""

from django.contrib import admin

from community.admin_site import (
    DoorwayAdmin,
)
from forum.models import (
    Kudos,
    MeToo,
    ThreadFollow,
)


@admin.register(Kudos)
class KudosAdmin(DoorwayAdmin):
    list_display = ["user", "post", "created_at"]
    search_fields = ["user__username"]
    raw_id_fields = ["user", "post"]
    date_hierarchy = "created_at"


@admin.register(MeToo)
class MeTooAdmin(DoorwayAdmin):
    list_display = ["user", "thread", "created_at"]
    search_fields = ["user__username", "thread__title"]
    raw_id_fields = ["user", "thread"]


@admin.register(ThreadFollow)
class ThreadFollowAdmin(DoorwayAdmin):
    list_display = ["user", "thread", "created_at"]
    search_fields = ["user__username", "thread__title"]
    raw_id_fields = ["user", "thread"]
