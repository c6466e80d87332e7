"""Create the newsroom's roles as groups, so every installation has them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = [
    ("news", "view_section"),
    ("news", "add_item"),
    ("news", "change_item"),
    ("news", "view_item"),
    ("news", "delete_item"),  # drafts only: the admin and news.publishing enforce it
    ("press", "view_presscontact"),
    ("press", "view_phone"),
]
PUBLISHERS = EDITORS + [
    ("news", "publish_item"),
    ("news", "add_section"),
    ("news", "change_section"),
    ("news", "delete_section"),
    ("news", "view_publishingevent"),
    ("press", "add_presscontact"),
    ("press", "change_presscontact"),
    ("press", "delete_presscontact"),
    ("press", "add_phone"),
    ("press", "change_phone"),
    ("press", "delete_phone"),
]
SITE_ADMINISTRATOR_APPS = ["news", "press", "auth", "admin"]

ROLES = {"Editors": EDITORS, "Publishers": PUBLISHERS}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    add_roles(apps)


def add_roles(apps):
    """The groups and their permissions (which must exist already)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in codes:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    administrators, _ = Group.objects.get_or_create(name="Site administrators")
    administrators.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=SITE_ADMINISTRATOR_APPS)
    )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[*ROLES, "Site administrators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("press", "0001_initial"),
        ("news", "0002_add_expiry_and_publishing_events"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
