"""Admin integration of the inbox: a menu item with the unread count and a dashboard panel."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from cms.notifications import views
from cms.notifications.services import unread_admin_messages


@hooks.register("register_admin_urls")
def register_inbox_urls():
    return [
        path("messages/", views.inbox, name="notifications_inbox"),
        path("messages/read/", views.mark_all_read, name="notifications_mark_all_read"),
    ]


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return MenuItem(_("My messages"), reverse("notifications_inbox"), icon_name="mail", order=900)


class UnreadMessagesPanel(Component):
    name = "unread_messages"
    order = 50
    template_name = "notifications/unread_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        unread = unread_admin_messages(self.user)
        return {"unread_count": unread.count(), "latest": list(unread[:5])}


@hooks.register("construct_homepage_panels")
def add_unread_messages_panel(request, panels):
    if unread_admin_messages(request.user).exists():
        panels.append(UnreadMessagesPanel(request.user))
