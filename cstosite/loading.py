"""Models whose rows become instances without `Model.__init__` (about 1 µs, not 7)."""

from django.core import checks
from django.db import models
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init


class QuickLoaded(models.Model):
    """An abstract model read from the database straight into its instances' attributes.

    Django builds each instance it reads through `Model.__init__`, which sets every field
    through its descriptor and sends `pre_init` and `post_init`: about 7 µs an instance,
    and a list page reads 25 (items and their sections), a feed 40. `from_db`, Django's
    documented hook for loading, here stores the values as `__init__` would have: under
    each field's attribute name, deferred fields absent (read on first use, as always).
    That is the same instance only while nothing listens to `pre_init` or `post_init`
    for the model (an image field with dimension fields would, or a generic relation);
    the system check below refuses such a model.
    """

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = cls.__new__(cls)
        instance.__dict__.update(zip(field_names, values, strict=True))
        state = instance._state = ModelState()
        state.adding = False
        state.db = db
        return instance

    @classmethod
    def check(cls, **kwargs):
        errors = super().check(**kwargs)
        if pre_init.has_listeners(cls) or post_init.has_listeners(cls):
            errors.append(
                checks.Error(
                    f"{cls._meta.label} has pre_init or post_init receivers, which "
                    "QuickLoaded.from_db does not send: load it with Django's own from_db.",
                    obj=cls,
                    id="cstosite.E001",
                )
            )
        return errors
