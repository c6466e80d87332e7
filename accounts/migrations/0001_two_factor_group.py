"""The group by which site administrators require two-factor login, and their right to
manage staff's TOTP devices."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Two-factor login required"


def add_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get_or_create(name=GROUP)
    # Permissions are normally created after all migrations; this one needs them now.
    otp = apps.get_app_config("otp_totp")
    otp.models_module = True
    create_permissions(otp, apps=apps, verbosity=0)
    otp.models_module = None
    administrators, _ = Group.objects.get_or_create(name="Site administrators")
    administrators.permissions.add(
        *Permission.objects.filter(content_type__app_label="otp_totp")
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("news", "0003_create_roles"),
        ("otp_totp", "__latest__"),
    ]

    operations = [migrations.RunPython(add_group, remove_group)]
