from django.contrib.admin import apps as admin_apps


class CommunityAdminConfig(admin_apps.AdminConfig):
    """Django's admin, served by the project's own site (``community.admin_site``),
    which asks the permission module who may enter."""

    # The ``community`` app itself keeps Django's default AppConfig: without this,
    # Django would pick this class for it, being the only one in this module.
    default = False
    default_site = "community.admin_site.CommunityAdminSite"
