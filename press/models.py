from django.db import models
from django.utils.translation import gettext_lazy as _

from cstosite.loading import QuickLoaded
from languages.addresses import reverse
from languages.translated import TranslatedText


class PressContactQuerySet(models.QuerySet):
    def active(self):
        """Contacts listed on the public press page."""
        return self.filter(is_active=True)


class PressContact(QuickLoaded):
    """A person or office answering the press; signs the items it is attached to."""

    name = models.CharField(_("name"), max_length=200)
    name_ru = models.CharField(
        _("name in Russian"),
        max_length=200,
        blank=True,
        help_text=_("Signs the Russian pages; they show the English name while it is empty."),
    )
    position = models.CharField(
        _("position"),
        max_length=200,
        help_text=_('Shown before the name in the signature, e.g. "The CSTO Press Secretary".'),
    )
    position_ru = models.CharField(
        _("position in Russian"),
        max_length=200,
        blank=True,
        help_text=_('For example "Пресс-секретарь ОДКБ".'),
    )
    email = models.EmailField(_("email"), blank=True)
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first on the press page.")
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive contacts leave the press page but still sign the items they signed."),
    )

    local_name = TranslatedText("name")
    local_position = TranslatedText("position")

    objects = PressContactQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        indexes = [models.Index(fields=["is_active", "order"], name="press_contact_listing")]
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")

    def __str__(self):
        return f"{self.local_position} {self.local_name}".strip()

    def get_absolute_url(self):
        return f"{reverse('press:contacts')}#contact-{self.pk}"


class Phone(QuickLoaded):
    """One phone number of a press contact, with its kind as readers see it."""

    class Kind(models.TextChoices):
        TEL = "tel", _("tel")
        TEL_FAX = "tel/fax", _("tel/fax")
        FAX = "fax", _("fax")
        MOBILE = "mobile", _("mobile")

    contact = models.ForeignKey(PressContact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("number"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEL)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self):
        return f"{self.number} - {self.kind_label}"

    @property
    def kind_label(self):
        """The kind as readers see it, translated: `get_kind_display()` without building
        the choices anew on each call (25 µs a phone, under every signed item)."""
        try:
            return self.Kind(self.kind).label
        except ValueError:  # not one of the choices: shown as stored, as Django does
            return self.kind

    @property
    def tel_uri(self):
        """The number as a tel: link target (digits and a leading plus only)."""
        digits = "".join(ch for ch in self.number if ch.isdigit())
        return f"tel:+{digits}" if self.number.strip().startswith("+") else f"tel:{digits}"
