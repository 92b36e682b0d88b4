"""The third-party models the installed apps register in the admin, each reviewed:
taken out where the project has no use for it, or registered again as a doorway
(``community.admin_site``) that only reads or writes through the same code the site
uses. This module is loaded after theirs (INSTALLED_APPS order)."""

from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult
from taggit.models import Tag, TaggedItem

from community.admin_site import DoorwayAdmin, ReadOnlyInline

# Groups: roles are data (``User.role``, certifications, board moderators) and the
# permission module never reads Django's groups or model permissions.
# Social apps: providers are configured from the environment (settings), and a row
# here would be a second, silent configuration. Social tokens: OAuth secrets that
# nothing here needs to show.
# The others are registered again below.
admin.site.unregister(
    [Group, SocialApp, SocialToken, Tag, EmailAddress, SocialAccount, DBTaskResult]
)


class TaggedThreadInline(ReadOnlyInline):
    model = TaggedItem
    fields = ["content_type", "object_id"]
    readonly_fields = fields
    show_change_link = False


@admin.register(Tag)
class TagAdmin(DoorwayAdmin):
    """Read-only. A thread's tags change when its question is edited (``edit_post``:
    history, search index, audit log); renaming, merging or deleting a tag across
    threads would skip all of that (taggit's own merge action did), and has no
    service yet."""

    list_display = ["name", "slug"]
    ordering = ["name", "slug"]
    search_fields = ["name"]
    inlines = [TaggedThreadInline]


@admin.register(EmailAddress)
class EmailAddressAdmin(DoorwayAdmin):
    """Read-only: members add, verify and remove addresses on their account pages.
    An administrator may vouch for an address, which runs exactly what following
    the confirmation link runs."""

    list_display = ["email", "user", "primary", "verified"]
    list_filter = ["primary", "verified"]
    search_fields = ["email", "user__username"]
    raw_id_fields = ["user"]
    actions = ["verify_addresses"]

    @admin.action(
        description=_("Mark as verified (as if the member followed the link)"),
        permissions=["configure"],
    )
    def verify_addresses(self, request, queryset):
        def verify(address):
            if not address.verified:
                EmailConfirmationHMAC(address).confirm(request)

        self.act_on_each(
            request,
            queryset.select_related("user"),
            verify,
            done=_("{count} verified."),
        )


@admin.register(SocialAccount)
class SocialAccountAdmin(DoorwayAdmin):
    """Read-only: members connect and disconnect social accounts themselves."""

    list_display = ["user", "uid", "provider"]
    list_filter = ["provider"]
    search_fields = ["uid", "user__username", "user__email"]
    raw_id_fields = ["user"]


@admin.register(DBTaskResult)
class TaskResultAdmin(DoorwayAdmin, DBTaskResultAdmin):
    """django-tasks' own read-only view of background jobs, for administrators."""
