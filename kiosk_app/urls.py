from django.urls import path

from kiosk_app import views

app_name = "kiosk"
urlpatterns = [
    path("<str:token>/", views.app, name="app"),
    path("<str:token>/sw.js", views.service_worker, name="service_worker"),
    path("<str:token>/heartbeat/", views.heartbeat, name="heartbeat"),
    path("<str:token>/screenshot/", views.screenshot, name="screenshot"),
    path("<str:token>/qr.svg", views.qr_code, name="qr"),
]
