"""Model text kept once per language: `title` in the default language, `title_ru` beside it."""

from django.conf import settings
from django.utils.translation import get_language


def field_name(name, language):
    """The model field holding `name` in `language` (`title`, `title_ru`)."""
    return name if language == settings.LANGUAGE_CODE else f"{name}_{language}"


class TranslatedText:
    """A read-only attribute: the model field `name` in the active language, falling back
    to the default language's text when that language's is empty.

        class Section(models.Model):
            title = models.CharField(...)
            title_ru = models.CharField(..., blank=True)
            local_title = TranslatedText("title")
    """

    def __init__(self, name):
        self.name = name
        self.fields = {}  # {language: field name}, a page reads dozens

    def __set_name__(self, owner, attribute):
        self.attribute = attribute

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return self.of(instance, get_language())

    def of(self, instance, language):
        """The text of `instance` in `language`, what reading the attribute gives while
        `language` is active: for many instances in one language (a feed's twenty items'
        sections), which is then read once."""
        own = getattr(instance, self.field(language), "")
        return own or getattr(instance, self.name)

    def field(self, language):
        """The name of the field holding the text in `language`."""
        try:
            return self.fields[language]
        except KeyError:
            field = field_name(self.name, language or settings.LANGUAGE_CODE)
            self.fields[language] = field
            return field


def texts_in(instances, language):
    """`instances` (of one model), each given its translated texts (the `TranslatedText`s
    of its class) in `language` as attributes of its own, which a look then reads before
    the class's: without asking which language is active, a thread-local read (asgiref's
    `Local`) as dear as the rest of the look. For instances read for one page and shown
    only there, in its language: a list page looked up its sections' titles thirteen times
    (docs/performance-history.md)."""
    if not instances:
        return instances
    texts = [text for text in vars(type(instances[0])).values() if isinstance(text, TranslatedText)]
    for instance in instances:
        loaded = instance.__dict__
        for text in texts:
            # Only from fields that were read: a deferred one would cost a query.
            if text.name in loaded and text.field(language) in loaded:
                loaded[text.attribute] = text.of(instance, language)
    return instances
