from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("staff accounts")


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the site that asks for a second factor (accounts.admin_site)."""

    default = False
    default_site = "accounts.admin_site.StaffAdminSite"
