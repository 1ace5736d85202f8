"""The in-admin inbox: a staff member's messages from the outbox."""

from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cms.notifications.models import Channel, OutboxMessage


def inbox(request):
    messages = OutboxMessage.objects.filter(recipient_user=request.user, channel=Channel.ADMIN)
    page = Paginator(messages, 30).get_page(request.GET.get("page"))
    return TemplateResponse(request, "notifications/inbox.html", {"messages_page": page})


@require_POST
def mark_all_read(request):
    OutboxMessage.objects.filter(recipient_user=request.user, channel=Channel.ADMIN, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("notifications_inbox")
