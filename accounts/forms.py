from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, user_has_device
from django_otp.admin import OTPAdminAuthenticationForm

# Site administrators put staff in this group (created by migration) to require a code.
TWO_FACTOR_GROUP = "Two-factor login required"


def two_factor_required(user):
    return user.groups.filter(name=TWO_FACTOR_GROUP).exists()


class StaffLoginForm(OTPAdminAuthenticationForm):
    """The password; then the code of the user's device when they have one. Staff who must
    use two-factor login but have no device yet are told to get one, not let in."""

    def clean_otp(self, user):
        if user is None:
            return
        if user_has_device(user):
            super().clean_otp(user)
        elif two_factor_required(user):
            raise ValidationError(
                _(
                    "Your account needs two-factor login and has no authenticator yet. "
                    "Ask a site administrator to register one for you."
                ),
                code="device_required",
            )

    def _chosen_device(self, user):
        """The device picked in the form; or the user's only one, so that someone with one
        authenticator types its code without choosing it first."""
        device = super()._chosen_device(user)
        if device is None and not self.cleaned_data.get("otp_device"):
            devices = list(devices_for_user(user))
            if len(devices) == 1:
                device = devices[0]
        return device
