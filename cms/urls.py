"""URL routes: the admin, documents, images, language switching, then Wagtail's page serving by host name."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.i18n import switch_language

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("lang/<str:language>/", switch_language, name="switch_language"),
    path("api/exchange/", include("services.exchange.urls")),
    path("graphql/", include("headless.urls")),
    path("kiosk/", include("kiosk_app.urls")),
    path("progress/", include("services.approvals.urls")),
    path("search/", include("search.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
