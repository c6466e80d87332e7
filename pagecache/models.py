import secrets

from django.db import models


def first_version():
    """Where a database's versions start: anywhere below 2**52, by chance. Pages are cached
    under the version alone, so a database made anew, counting from 1 again, would be
    served the pages another had cached under the same numbers in a shared cache (Redis,
    memcached) for as long as they are kept."""
    return secrets.randbelow(2**52) + 1


class PublicState(models.Model):
    """One row: the version of everything the public sees.

    Any change to a watched model raises `version`, in the same transaction as the change,
    so every process (gunicorn workers, other machines) stops serving pages cached under
    the old version at the moment the change commits. `changes_at` is when the public
    content next changes by time alone (a scheduled item goes live, an item expires), as
    Unix time in milliseconds: the first request after it raises the version too.
    """

    version = models.PositiveBigIntegerField(default=first_version)
    changes_at = models.BigIntegerField(null=True, blank=True)

    def __str__(self):
        return f"public content version {self.version}"
