"""Per-site settings: theme, logo, contact details and footer."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from themes.registry import DEFAULT_THEME, theme_choices


@register_setting(icon="view")
class SiteAppearance(BaseSiteSetting):
    theme = models.CharField(_("theme"), max_length=32, choices=theme_choices(), default=DEFAULT_THEME)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    contact_phone = models.CharField(_("contact phone"), max_length=64, blank=True)
    contact_address = models.CharField(_("contact address"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    footer_text = models.TextField(_("footer text"), blank=True)
    icp_number = models.CharField(
        _("ICP licence number"), max_length=64, blank=True, help_text=_("Website filing number shown in the footer.")
    )

    panels = [
        FieldPanel("theme"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("contact_phone"), FieldPanel("contact_address"), FieldPanel("contact_email")],
            heading=_("contact"),
        ),
        FieldPanel("footer_text"),
        FieldPanel("icp_number"),
    ]

    class Meta:
        verbose_name = _("site appearance")
        verbose_name_plural = _("site appearance")
