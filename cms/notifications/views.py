"""The in-admin inbox: a staff member's messages from the outbox."""

from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.notifications.models import Channel, OutboxMessage


class InboxView(WagtailAdminTemplateMixin, ListView):
    template_name = "notifications/inbox.html"
    context_object_name = "inbox_messages"
    paginate_by = 30
    page_title = _("My messages")
    header_icon = "mail"
    _show_breadcrumbs = True

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_queryset(self):
        return OutboxMessage.objects.filter(recipient_user=self.request.user, channel=Channel.ADMIN)


inbox = InboxView.as_view()


@require_POST
def mark_all_read(request):
    OutboxMessage.objects.filter(recipient_user=request.user, channel=Channel.ADMIN, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("notifications_inbox")
