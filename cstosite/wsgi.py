"""WSGI entry point: `gunicorn cstosite.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cstosite.settings")

application = get_wsgi_application()
