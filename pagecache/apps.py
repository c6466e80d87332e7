from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("public page cache")

    def ready(self):
        from django.utils.autoreload import file_changed

        from pagecache import state

        state.watch_models()
        # The development server reloads templates without restarting: forget the pages.
        file_changed.connect(state.forget_pages_on_template_change, dispatch_uid="pagecache")
