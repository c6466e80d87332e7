from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.models import Item


class ItemAdminForm(forms.ModelForm):
    """The item form, refusing a save over someone else's newer one (optimistic locking)."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Item
        fields = [
            "section", "title", "slug", "lead", "body", "image", "image_alt",
            "status", "published_at", "unpublish_at", "press_contact",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        # Locks the row until the admin's transaction ends, so two saves cannot interleave.
        current = (
            Item.objects.select_for_update()
            .select_related("updated_by")
            .only("version", "updated_at", "updated_by__username")
            .get(pk=self.instance.pk)
        )
        if cleaned_data.get("edit_version") != current.version:
            who = current.updated_by.username if current.updated_by else _("someone")
            when = timezone.localtime(current.updated_at).strftime("%d.%m.%Y %H:%M")
            raise forms.ValidationError(
                _(
                    "%(who)s saved this item at %(when)s, after you opened it. Your changes "
                    "are not saved; they are still in the form below. Open the item again "
                    "in another tab to see the newer version, then apply your changes there."
                ),
                code="conflict",
                params={"who": who, "when": when},
            )
        return cleaned_data
