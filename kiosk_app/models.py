"""Kiosks (社区信息多媒体查询机): touch screens in community halls, registered in the admin and bound to a community.

A kiosk authenticates with a device token. Only a SHA-256 hash of it is stored: the clear token is
shown once, when it is issued, like an API key.
"""

import hashlib
from datetime import timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

# The front end reports every minute; three missed reports mean the kiosk is offline.
HEARTBEAT_INTERVAL_SECONDS = 60
OFFLINE_AFTER = timedelta(seconds=3 * HEARTBEAT_INTERVAL_SECONDS)


class Orientation(models.TextChoices):
    PORTRAIT = "portrait", _("Portrait (1080×1920)")
    LANDSCAPE = "landscape", _("Landscape (1920×1080)")


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


def hash_token(raw):
    # Tokens are long random strings, so a fast hash is enough: nobody can guess one from its hash.
    return hashlib.sha256(raw.encode()).hexdigest()


class Kiosk(ClusterableModel):
    name = models.CharField(_("name"), max_length=100)
    org_unit = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        related_name="kiosks",
        verbose_name=_("community"),
        limit_choices_to={"level": "community"},
        help_text=_("The kiosk shows this community's website content."),
    )
    location = models.CharField(_("location"), max_length=255, blank=True, help_text=_("e.g. service hall, 1st floor"))
    orientation = models.CharField(
        _("orientation"), max_length=16, choices=Orientation.choices, default=Orientation.PORTRAIT
    )
    screen_inches = models.PositiveSmallIntegerField(
        _("screen size (inches)"), default=43, validators=[MinValueValidator(10), MaxValueValidator(120)]
    )
    idle_timeout_seconds = models.PositiveSmallIntegerField(
        _("idle timeout (seconds)"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(900)],
        help_text=_("After this long without a touch the kiosk shows the attract loop and returns home."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    token_prefix = models.CharField(_("token prefix"), max_length=16, blank=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    token_issued_at = models.DateTimeField(_("token issued at"), null=True, blank=True, editable=False)
    last_heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True, editable=False)
    app_version = models.CharField(_("app version"), max_length=32, blank=True, editable=False)
    current_screen = models.CharField(_("current screen"), max_length=255, blank=True, editable=False)
    screenshot = models.ImageField(
        _("screenshot"), upload_to="kiosk-screenshots/", null=True, blank=True, editable=False
    )
    screenshot_at = models.DateTimeField(_("screenshot taken at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("org_unit"),
        FieldPanel("location"),
        FieldRowPanel([FieldPanel("orientation"), FieldPanel("screen_inches"), FieldPanel("idle_timeout_seconds")]),
        FieldPanel("is_active"),
        MultiFieldPanel([InlinePanel("opening_hours", label=_("opening hours"))], heading=_("opening hours")),
        MultiFieldPanel([InlinePanel("attract_slides", label=_("attract slides"))], heading=_("attract slides")),
    ]

    class Meta:
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_online(self):
        return self.last_heartbeat_at is not None and timezone.now() - self.last_heartbeat_at < OFFLINE_AFTER

    def status_label(self):
        if self.last_heartbeat_at is None:
            return _("Never connected")
        return _("Online") if self.is_online else _("Offline")

    status_label.short_description = _("status")


class KioskOpeningHours(Orderable):
    """One opening period on one weekday; outside every period the kiosk dims into night mode.

    A kiosk without any period is always open."""

    kiosk = ParentalKey(Kiosk, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens_at"), FieldPanel("closes_at")])]

    class Meta(Orderable.Meta):
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Closing time must be after opening time.")})


class AttractSlide(Orderable):
    """A picture shown in the attract loop when nobody uses the kiosk."""

    kiosk = ParentalKey(Kiosk, on_delete=models.CASCADE, related_name="attract_slides")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    title = models.CharField(_("title"), max_length=100)
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldRowPanel([FieldPanel("title"), FieldPanel("caption")])]

    class Meta(Orderable.Meta):
        verbose_name = _("attract slide")
        verbose_name_plural = _("attract slides")
