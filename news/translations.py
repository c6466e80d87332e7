"""Items in two languages: translating an item, its counterpart, and whether they are in step.

An original item may have one translation in the other language (`Item.translation_of`
on the translation). The pair is out of step when the original's content changed after
the translation's (`Item.content_changed_at`).
"""

from django.conf import settings
from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    TextChoices,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from languages.switcher import UNTRANSLATED, PageAddress, in_language
from news.models import AnyOf, Item, is_public_condition
from news.versions import record_version


class Parity(TextChoices):
    MISSING = "missing", _("missing")
    DRAFT = "draft", _("not public")
    OUTDATED = "outdated", _("older than the original")
    PUBLISHED = "published", _("published")


def other_languages(language):
    return [code for code, _name in settings.LANGUAGES if code != language]


def item_language_urls(item, addresses=None):
    """The item's page in each other language: its translation when the public may see
    it, else its section there with a notice (never a 404, never a draft's address);
    `addresses`: the page's reverser (`languages.addresses.of_request`)."""
    counterpart = item.public_counterpart()
    urls = {}
    for language in other_languages(item.language):
        if counterpart is not None and counterpart.language == language:
            urls[language] = PageAddress(counterpart.get_absolute_url())
        else:
            url = in_language(
                language,
                "news:section",
                {"section": item.section.slug},
                {UNTRANSLATED: 1},
                addresses,
            )
            urls[language] = PageAddress(url, alternate=False)
    return urls


def archive_language_urls(year):
    """An archive period's page in the other languages: their archive, at this year."""
    return {
        language: PageAddress(f"{in_language(language, 'news:archive')}#year-{year}", False)
        for language, _name in settings.LANGUAGES
    }


# An item with neither an original nor a translation; "none translates it" an anti-join
# on the translations' index (a join of the items with themselves took 0.9 s a query at a
# million items, where this takes 0.5; a `NOT IN` of their originals is faster still, but
# reads every item's original again for each item once they no longer fit in memory).
ALONE = Q(translation_of__isnull=True) & ~Exists(
    Item.objects.order_by().filter(translation_of=OuterRef("pk"))
)


def with_parity(items):
    """`items` (from `Item.objects.with_counterpart()`), each with `parity`: how its
    counterpart stands. The one rule, read by the admin's column and filter alike."""
    is_translation = Q(translation_of__isnull=False)
    is_original = Q(translation_of__isnull=True, translation__isnull=False)
    public = (is_translation & is_public_condition("translation_of__")) | (
        is_original & is_public_condition("translation__")
    )
    older = (is_translation & Q(content_changed_at__lt=F("translation_of__content_changed_at"))) | (
        is_original & Q(translation__content_changed_at__lt=F("content_changed_at"))
    )
    return items.annotate(
        parity=Case(
            When(ALONE, then=Value(Parity.MISSING)),
            When(~public, then=Value(Parity.DRAFT)),
            When(older, then=Value(Parity.OUTDATED)),
            default=Value(Parity.PUBLISHED),
            output_field=CharField(),
        )
    )


def of_parity(items, parity):
    """Those of `items` whose counterpart stands as `parity` (`with_parity`'s rule), found
    through indexes: the items alone, by an anti-join on the translations' index; the
    others among the translations and their originals (looked up by id from that index),
    the rule worked out for those alone. Worked out for every item, it took 1.4 s a query
    at a million items, four queries a page of the admin's list."""
    if parity == Parity.MISSING:
        return items.filter(ALONE)
    translated = Item.objects.order_by().filter(translation_of__isnull=False)
    pairs = translated.values("pk").union(translated.values("translation_of"), all=True)
    paired = items.filter(AnyOf(F("pk"), Subquery(pairs)))
    return with_parity(paired.with_counterpart()).filter(parity=parity)


def with_counterpart_parity(items, queryset):
    """The rows of `items` (a queryset: only their ids are read of it) read by id from
    `queryset`, in their order, with their counterparts and `parity` (`with_parity`): a
    page of the admin's list, counted and ordered on the item table alone."""
    ids = list(items.values_list("pk", flat=True))
    found = with_parity(queryset.with_counterpart()).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def free_slug(slug, language, section):
    """`slug`, or `slug-2`, `slug-3`... if another item of that section and language has it."""
    taken = set(
        Item.objects.filter(language=language, section=section, slug__startswith=slug).values_list(
            "slug", flat=True
        )
    )
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = slug[: Item._meta.get_field("slug").max_length - len(suffix)] + suffix
    return candidate


def translation_target(item):
    """(language, existing counterpart or None) for "translate" on `item`."""
    counterpart = item.counterpart()
    if counterpart is not None:
        return counterpart.language, counterpart
    return other_languages(item.language)[0], None


@transaction.atomic
def translate(item, by):
    """A draft of `item` in the other language, linked to it, with its section, press
    contact, image and text to translate from; or the counterpart if it has one.

    Returns (translation, created).
    """
    language, counterpart = translation_target(item)
    if counterpart is not None:
        return counterpart, False
    now = timezone.now()
    translation = Item(
        language=language,
        translation_of=item,
        section=item.section,
        press_contact=item.press_contact,
        title=item.title,
        slug=free_slug(item.slug, language, item.section),
        lead=item.lead,
        body=item.body,
        image=item.image,
        image_alt=item.image_alt,
        image_caption=item.image_caption,
        image_credit=item.image_credit,
        status=Item.Status.DRAFT,
        published_at=now,
        # Not yet translated: the copy is as old as the original's text.
        content_changed_at=item.content_changed_at,
        created_by=by,
        updated_by=by,
    )
    translation.save()
    record_version(translation, by)
    return translation, True
