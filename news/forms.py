from ckeditor.fields import RichTextFormField
from ckeditor.widgets import CKEditorWidget
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms.widgets import Media
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from news import images
from news.models import Item
from news.search import MAX_QUERY_LENGTH


class BodyEditor(CKEditorWidget):
    """CKEditor for item bodies, uploading images through news.admin_views.upload_image."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        upload_url = reverse_lazy("admin:news_item_upload_image")
        self.config.update(
            uploadUrl=upload_url,
            # CKEditor appends "&responseType=json" to this one, so it needs a query string.
            filebrowserImageUploadUrl=format_lazy("{}?source=dialog", upload_url),
        )

    @property
    def media(self):
        return super().media + Media(js=["js/admin/ckeditor-upload.js"])


class BodyField(RichTextFormField):
    widget = BodyEditor  # RichTextFormField ignores a widget passed in, so name it here


class ItemAdminForm(forms.ModelForm):
    """The item form: validated images, and no save over someone else's newer one."""

    body = BodyField(label=_("body"), required=False)
    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Item
        fields = [
            "language", "section", "title", "slug", "lead", "body",
            "image", "image_alt", "image_caption", "image_credit",
            "status", "published_at", "unpublish_at", "press_contact",
            "translation_of",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_version"].initial = self.instance.version

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            return images.clean_image(image)
        return image

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        # Locks the row until the admin's transaction ends, so two saves cannot interleave.
        current = (
            Item.objects.select_for_update()
            .only("version", "updated_at", "updated_by")
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


class SharedFields(dict):
    """A form's fields that its instances share. Django copies every field, with its
    widget and validators, for each form it makes (60 µs a search): for a form whose
    fields keep nothing of an instance (no choices or attributes set per form), that
    buys nothing."""

    def __deepcopy__(self, memo):
        return dict(self)


class SearchForm(forms.Form):
    """The public search: words, and optionally a section and a date range. The page
    writes its fields out itself (jinja2/news/search.html), the section's options from the
    sections the page reads with its results: the form checks a chosen section against
    those (read first then), and builds no choices of its own for every search."""

    all_sections = _("All sections")
    # Django's own words for a choice not offered, without echoing it (a reader may have
    # typed anything into the address).
    invalid_section = _("Select a valid choice. That choice is not one of the available choices.")

    q = forms.CharField(label=_("Search for"), required=False)
    section = forms.CharField(label=_("Section"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, sections, **kwargs):
        """`sections`: what reads all the sections, called only when one was chosen;
        `read_sections` holds what it read (None when not called)."""
        super().__init__(*args, **kwargs)
        self.read = sections
        self.read_sections = None

    def clean_q(self):
        return self.cleaned_data["q"].strip()[:MAX_QUERY_LENGTH]

    def clean_section(self):
        """The chosen `Section`, or None for all."""
        slug = self.cleaned_data["section"]
        if not slug:
            return None
        self.read_sections = self.read()
        for section in self.read_sections:
            if section.slug == slug:
                return section
        raise forms.ValidationError(self.invalid_section, code="invalid_choice")

    def written_out(self):
        """What the page writes of each field, by name: its `id`, `label`, `value` (as
        typed) and `errors`. Read once: a bound field works each out anew on every look
        (its errors build an empty list and find a renderer), 150 µs a page."""
        errors = self.errors
        return {
            name: {
                "id": bound.auto_id,
                "label": bound.label,
                "value": bound.value(),
                "errors": errors.get(name, ()),
            }
            for name, bound in ((name, self[name]) for name in self.fields)
        }


# Every search shares these fields: they keep nothing of a search (the section's choices are
# the search's own sections, checked in `clean_section`).
SearchForm.base_fields = SharedFields(SearchForm.base_fields)
