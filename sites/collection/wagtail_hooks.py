"""Admin integration: one submission's screen, its reveal action and the full-number export."""

from django.urls import include, path
from wagtail import hooks

from sites.collection import views

urlpatterns = [
    path("submissions/<int:pk>/", views.SubmissionView.as_view(), name="submission"),
    path("submissions/<int:pk>/reveal/", views.SubmissionRevealView.as_view(), name="reveal"),
    path("<int:page_id>/export-full/", views.export_full_id_numbers, name="export_full"),
]


@hooks.register("register_admin_urls")
def register_submission_urls():
    return [path("site-forms/", include((urlpatterns, "site_forms"), namespace="site_forms"))]
