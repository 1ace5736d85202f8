"""Routes of the exchange API, mounted at /api/exchange/ (version in the path)."""

from django.urls import path

from services.exchange import views

app_name = "exchange"

urlpatterns = [
    path("v1/residents", views.residents, name="residents"),
    path("v1/residents/<int:pk>/flags", views.resident_flags, name="resident_flags"),
    path("v1/verify", views.verify, name="verify"),
    path("v1/households/<int:pk>", views.household, name="household"),
    path("v1/files/resident-flags", views.resident_flag_file, name="resident_flag_file"),
    path("v1/files/residents.<str:file_format>", views.resident_file, name="resident_file"),
    path("v1/openapi.json", views.openapi, name="openapi"),
]
