from django.db import models


class PublicState(models.Model):
    """One row: the version of everything the public sees.

    Any change to a watched model raises `version`, in the same transaction as the change,
    so every process (gunicorn workers, other machines) stops serving pages cached under
    the old version at the moment the change commits. `changes_at` is when the public
    content next changes by time alone (a scheduled item goes live, an item expires), as
    Unix time in milliseconds: the first request after it raises the version too.
    """

    version = models.PositiveBigIntegerField(default=1)
    changes_at = models.BigIntegerField(null=True, blank=True)

    def __str__(self):
        return f"public content version {self.version}"
