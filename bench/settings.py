"""Settings for the benchmark: the site's own settings, plus the ceiling view's URL.

Everything else (debug off, database, caching on or off) comes from the environment that
`bench/run.py` sets, exactly as in production.
"""

from cstosite.settings import *  # noqa: F403
from cstosite.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
