from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("public page cache")

    def ready(self):
        from pagecache import state

        state.watch_models()
