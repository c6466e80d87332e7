from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from pagecache.decorators import public_page

# English at /news/..., Russian at /ru/news/...; the language comes from the address alone,
# never from a cookie or Accept-Language, so each address is one cacheable page.
urlpatterns = [
    path(
        "robots.txt",
        public_page(TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
        name="robots",
    ),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("press/", include("press.urls")),
    path("", include("news.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "news.views.server_error"
