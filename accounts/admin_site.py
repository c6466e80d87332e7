"""The admin site: a password, and a one-time code for staff who have a TOTP device or
whom a site administrator requires to have one."""

from django.contrib.admin import AdminSite
from django_otp import user_has_device
from django_otp.admin import OTPAdminSite

from accounts.forms import StaffLoginForm, two_factor_required


class StaffAdminSite(AdminSite):
    login_form = StaffLoginForm
    login_template = OTPAdminSite.login_template

    def has_permission(self, request):
        """A session is staff only once its second factor was checked, where one is due:
        a password alone (or a session from before the device) is not enough."""
        user = request.user
        if not super().has_permission(request):
            return False
        if user.is_verified():
            return True
        return not (user_has_device(user) or two_factor_required(user))
