import datetime
import secrets

from ckeditor.fields import RichTextField
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from cstosite.loading import QuickLoaded
from languages.addresses import reverse
from languages.translated import TranslatedText
from news.renditions import image_size, make_renditions
from news.richtext import clean_html

SHARE_LINK_SALT = "news.share-link"
# Path segments the news URLs use themselves (feeds); no section or item may take them.
RESERVED_SLUGS = {"feed", "atom", "archive", "search", "preview"}
# No item is dated before this year: before the organisation (1992), so a year typed short
# (201 for 2015) is caught in the form. Past it, one such item would stretch the archive
# and the sitemap index back to its month (news.dates): 21,900 empty months for year 201.
EARLIEST_YEAR = 1990


class Section(QuickLoaded):
    """A heading of the site's news, such as "CSTO News"."""

    title = models.CharField(_("title"), max_length=200)
    title_ru = models.CharField(
        _("title in Russian"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the Russian pages; they show the English title while it is empty."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("The section's address in both languages."),
    )
    description = models.TextField(_("description"), blank=True)
    description_ru = models.TextField(_("description in Russian"), blank=True)
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first in menus and lists.")
    )

    local_title = TranslatedText("title")
    local_description = TranslatedText("description")

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.local_title

    def get_absolute_url(self, addresses=None):
        """The section's address; `addresses`: a page's reverser (languages.addresses)."""
        return (addresses or reverse)("news:section", kwargs={"section": self.slug})

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is used by the site itself.")})


def is_public_condition(through="", now=None):
    """The one rule for what the public may see: published, its time come, not expired.

    `through` applies it to a related item instead (`"translation_of__"`); `now` is the
    moment it is judged at, the present by default.
    """
    now = now or timezone.now()
    return models.Q(
        **{f"{through}status": Item.Status.PUBLISHED, f"{through}published_at__lte": now}
    ) & (
        models.Q(**{f"{through}unpublish_at__isnull": True})
        | models.Q(**{f"{through}unpublish_at__gt": now})
    )


def as_flag(condition):
    return models.ExpressionWrapper(condition, output_field=models.BooleanField())


class AnyOf(models.Func):
    """`column = ANY(ARRAY(subquery))` on PostgreSQL: the subquery's values made one array,
    each then looked up in the column's index. For `column IN (subquery)` it plans a join,
    which read the whole table for the 1,001 newest matches of a word in most of 10,000
    items (7 ms against 2) and looked each up anyway at a million. SQLite looks `IN
    (subquery)` up by the column's index as it is."""

    output_field = models.BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        column, found = (compiler.compile(part) for part in self.get_source_expressions())
        return f"{column[0]} = ANY(ARRAY{found[0]})", (*column[1], *found[1])

    def as_sqlite(self, compiler, connection, **extra_context):
        column, found = (compiler.compile(part) for part in self.get_source_expressions())
        return f"{column[0]} IN {found[0]}", (*column[1], *found[1])


class ItemQuerySet(models.QuerySet):
    def published(self, now=None, within=None):
        """Items the public may see (at `now`, by default the present); `within`: a further
        condition, a range on `published_at` above all.

        The range goes first: with two upper bounds on `published_at` SQLite bounds its
        index walk by the first it meets, and "not after now" would start the walk at the
        newest item, however old the range (tests/news/test_index_walks.py).
        """
        condition = is_public_condition(now=now)
        return self.filter(condition if within is None else within & condition)

    def with_public_flag(self, now=None):
        """All items, each with `is_public` telling whether the public may see it."""
        return self.annotate(is_public=as_flag(is_public_condition(now=now)))

    def in_language(self, language=None):
        """Items written in `language`, by default the active one (the page's)."""
        return self.filter(language=language or get_language())

    def neighbours(self, newer, moment, pk, now=None):
        """Published items after (`newer`) or before the item at `moment` with id `pk`,
        nearest first; ties on the moment are broken by id."""
        # A range on published_at alone (not "later, or same time and higher id") lets
        # the database walk the section's listing index from the item and stop.
        if newer:
            ahead = models.Q(published_at__gte=moment)
            behind = models.Q(published_at=moment, id__lte=pk)
            order = ("published_at", "id")
        else:
            ahead = models.Q(published_at__lte=moment)
            behind = models.Q(published_at=moment, id__gte=pk)
            order = ("-published_at", "-id")
        return self.published(now, within=ahead & ~behind).order_by(*order)

    def with_counterpart(self, now=None):
        """Items with their original and their translation in the same query, and whether
        the public may see each (`original_is_public`, `translation_is_public`; see
        `Item.public_counterpart`)."""
        return self.select_related("translation_of__section", "translation__section").annotate(
            original_is_public=as_flag(is_public_condition("translation_of__", now)),
            translation_is_public=as_flag(is_public_condition("translation__", now)),
        )


class Item(QuickLoaded):
    """One news item, statement or commentary."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The item is listed, searched and fed only on the pages of its language."),
    )
    translation_of = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translation",
        verbose_name=_("translation of"),
        help_text=_("The original this item translates, in the other language."),
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="items", verbose_name=_("section")
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        help_text=_("The item's address; unique within its section and language."),
    )
    lead = models.TextField(_("lead"), help_text=_("Plain text shown in lists under the date."))
    body = RichTextField(_("body"), blank=True)
    image = models.ImageField(
        _("main image"),
        upload_to="items/%Y/%m/",
        blank=True,
        help_text=_("JPEG, PNG, GIF or WebP, at most 5 MB; stored without its metadata."),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("image alt text"),
        max_length=300,
        blank=True,
        help_text=_("Describes the image for readers who cannot see it. Required with an image."),
    )
    image_caption = models.CharField(_("image caption"), max_length=300, blank=True)
    image_credit = models.CharField(
        _("image credit"), max_length=200, blank=True, help_text=_("Photographer or source.")
    )
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        help_text=_("The date shown to readers. A future date schedules the item."),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_("Optional: the item leaves the public site at this time."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    press_contact = models.ForeignKey(
        "press.PressContact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("press contact"),
        help_text=_("Signs the end of the item."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    pending_version = models.ForeignKey(
        "ItemVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("unpublished changes"),
        help_text=_("Changes to a live item that wait for a publisher."),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Counts saves; guards against lost edits."),
    )
    content_changed_at = models.DateTimeField(
        _("content last changed"),
        default=timezone.now,
        editable=False,
        help_text=_("When the text or image last changed; translations are compared by it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        constraints = [
            models.UniqueConstraint(
                fields=["language", "section", "slug"], name="news_item_unique_slug"
            ),
        ]
        # The lists' filter and order, with unpublish_at last so that stepping over a
        # deep page's rows reads the index alone (see news/pagination.py).
        indexes = [
            models.Index(
                fields=["language", "status", "-published_at", "-id", "unpublish_at"],
                name="news_item_listing",
            ),
            models.Index(
                fields=["section", "language", "status", "-published_at", "-id", "unpublish_at"],
                name="news_item_section_listing",
            ),
            # news.publishing.next_public_change: the next expiry.
            models.Index(fields=["unpublish_at"], name="news_item_expiry"),
        ]
        permissions = [("publish_item", _("Can publish, unpublish and schedule items"))]
        verbose_name = _("item")
        verbose_name_plural = _("items")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Stored HTML is always sanitized, whichever path wrote it.
        self.body = clean_html(self.body)
        if self.pk is not None and not kwargs.get("update_fields"):
            self.version += 1
        self.image_width, self.image_height = image_size(self.image)
        super().save(*args, **kwargs)
        if self.image:
            make_renditions(self.image)  # those already made are kept

    @property
    def image_name(self):
        """The stored image's name, "" for none, as lists ask it of every item: read as
        stored, without the `ImageFieldFile` that `image` makes, which holds its item (a
        reference cycle: the item would wait for the garbage collector)."""
        if "image" not in self.__dict__:  # deferred: read it as Django would
            return self.image.name or ""
        stored = self.__dict__["image"]
        return (stored.name if hasattr(stored, "name") else stored) or ""

    def get_absolute_url(self, addresses=None):
        """The item's address in its own language, whichever page links it; `addresses`:
        the reverser of a page (languages.addresses), used when the languages agree."""
        kwargs = {"section": self.section.slug, "slug": self.slug}
        if addresses is not None and addresses.language == self.language:
            return addresses("news:item", kwargs=kwargs)
        if self.language == get_language():
            return reverse("news:item", kwargs=kwargs)
        with override(self.language):
            return reverse("news:item", kwargs=kwargs)

    def counterpart(self):
        """The item's translation, or the original it translates, or None."""
        if self.translation_of_id:
            return self.translation_of
        try:
            return self.translation
        except Item.DoesNotExist:
            return None

    def public_counterpart(self):
        """The counterpart if the public may see it; needs `with_counterpart()`."""
        if self.translation_of_id:
            return self.translation_of if self.original_is_public else None
        return self.counterpart() if self.translation_is_public else None

    def clean(self):
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is used by the site itself.")
        errors.update(self.translation_errors())
        if self.image and not self.image_alt.strip():
            errors["image_alt"] = _("Describe the image for readers who cannot see it.")
        if self.published_at and timezone.localtime(self.published_at).year < EARLIEST_YEAR:
            errors["published_at"] = _("Check the year: no item is dated before %(year)s.") % {
                "year": EARLIEST_YEAR
            }
        if self.unpublish_at and self.published_at and self.unpublish_at <= self.published_at:
            errors["unpublish_at"] = _("The item must be unpublished after it is published.")
        if errors:
            raise ValidationError(errors)

    def translation_errors(self):
        """What is wrong with this item's link to its translation or original, by field."""
        original = self.translation_of
        translation = None
        if self.pk is not None:
            translation = Item.objects.filter(translation_of=self).first()
        if original is not None:
            if original.pk == self.pk or original.translation_of_id or translation is not None:
                return {"translation_of": _("Link a translation to the original item.")}
            if original.language == self.language:
                return {"translation_of": _("The original must be in the other language.")}
        if translation is not None and translation.language == self.language:
            return {"language": _("This item's translation is in that language.")}
        return {}

    def state(self):
        """The item's publishing state in words, for staff.

        Expects `is_public` from `Item.objects.with_public_flag()`, so the public rule is
        decided by the query alone; this only names the other states.
        """
        if self.is_public:
            state = _("published")
        elif self.status == self.Status.DRAFT:
            return _("draft")
        elif self.published_at > timezone.now():
            local = timezone.localtime(self.published_at)
            state = _("scheduled for %(when)s") % {"when": local.strftime("%d.%m.%Y %H:%M")}
        else:
            state = _("expired")
        if self.pending_version_id:
            return _("%(state)s, has unpublished changes") % {"state": state}
        return state


class ItemVersion(models.Model):
    """One saved version of an item's content: who saved it, when, and what it said."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="versions", verbose_name=_("item")
    )
    data = models.JSONField(_("content"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        verbose_name = _("item version")
        verbose_name_plural = _("item versions")

    def __str__(self):
        when = timezone.localtime(self.created_at).strftime("%d.%m.%Y %H:%M:%S")
        return f"{self.data.get('title', '')} ({when})"


class PublishingEvent(models.Model):
    """A record of one change to what the public sees: who, when, which item."""

    class Action(models.TextChoices):
        PUBLISHED = "published", _("published")
        SCHEDULED = "scheduled", _("scheduled")
        UNPUBLISHED = "unpublished", _("unpublished")
        DELETED = "deleted", _("deleted")

    item = models.ForeignKey(
        Item,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publishing_events",
        verbose_name=_("item"),
    )
    item_title = models.CharField(
        _("item title"), max_length=300, help_text=_("Kept when the item is deleted.")
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    effective_at = models.DateTimeField(
        _("effective at"), null=True, blank=True, help_text=_("When a scheduled item goes live.")
    )

    class Meta:
        ordering = ["-at", "-id"]
        get_latest_by = "at"
        indexes = [models.Index(fields=["-at"], name="news_event_recent")]
        verbose_name = _("publishing event")
        verbose_name_plural = _("publishing events")

    def __str__(self):
        return f"{self.item_title}: {self.get_action_display()}"


def _new_share_key():
    return secrets.token_urlsafe(24)


def _default_share_expiry():
    return timezone.now() + datetime.timedelta(days=7)


class ShareLink(models.Model):
    """A reviewer's link to one item's preview, without an account; expires, revocable."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="share_links", verbose_name=_("item")
    )
    key = models.CharField(max_length=64, default=_new_share_key, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), default=_default_share_expiry)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self):
        return f"{self.item} ({timezone.localtime(self.expires_at):%d.%m.%Y})"

    def get_absolute_url(self):
        token = signing.dumps({"link": self.pk, "key": self.key}, salt=SHARE_LINK_SALT)
        return reverse("news:shared-preview", kwargs={"token": token})

    def is_valid(self):
        return self.revoked_at is None and self.expires_at > timezone.now()
