from django.urls import path

from services.approvals.views import ProgressView

app_name = "approvals_public"

urlpatterns = [
    path("", ProgressView.as_view(), name="progress"),
]
