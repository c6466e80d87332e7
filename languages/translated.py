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

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return self.of(instance, get_language())

    def of(self, instance, language):
        """The text of `instance` in `language`, what reading the attribute gives while
        `language` is active: for many instances in one language (a feed's twenty items'
        sections), which is then read once."""
        try:
            field = self.fields[language]
        except KeyError:
            field = field_name(self.name, language or settings.LANGUAGE_CODE)
            self.fields[language] = field
        own = getattr(instance, field, "")
        return own or getattr(instance, self.name)
