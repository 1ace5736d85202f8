"""Exchange partners (third-party systems such as the social security bureau or a bank) and their API tokens.

A partner sees only the org subtree it is scoped to and may call only the operations it was granted.
Tokens are stored as a SHA-256 hash: the clear token is shown once, when it is issued.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Operation(models.TextChoices):
    READ_RESIDENTS = "read_residents", _("Read residents")
    VERIFY_IDENTITY = "verify_identity", _("Verify identity")
    READ_HOUSEHOLDS = "read_households", _("Read households")
    WRITE_RESIDENT_FLAGS = "write_resident_flags", _("Update resident flags")
    # Not an endpoint: a grant that makes resident reads return full ID and phone numbers (audited).
    FULL_IDENTIFIERS = "full_identifiers", _("See full ID and phone numbers")


class ExchangePartner(models.Model):
    name = models.CharField(_("name"), max_length=128, unique=True)
    org_unit = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        related_name="exchange_partners",
        verbose_name=_("scope"),
        help_text=_("The partner sees records of this org unit and everything below it."),
    )
    operations = models.JSONField(_("allowed operations"), default=list, blank=True)
    contact = models.CharField(_("contact"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("exchange partner")
        verbose_name_plural = _("exchange partners")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        unknown = set(self.operations or []) - set(Operation.values)
        if unknown:
            raise ValidationError({"operations": _("Unknown operations: %(names)s") % {"names": sorted(unknown)}})

    def may(self, operation):
        return operation in (self.operations or [])


def hash_token(raw):
    # Tokens are long random strings, so a fast hash is enough: nobody can guess one from its hash.
    return hashlib.sha256(raw.encode()).hexdigest()


class PartnerToken(models.Model):
    partner = models.ForeignKey(ExchangePartner, on_delete=models.CASCADE, related_name="tokens")
    label = models.CharField(_("label"), max_length=64, blank=True)
    prefix = models.CharField(
        _("token prefix"), max_length=16, help_text=_("The first characters, to tell tokens apart.")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner token")
        verbose_name_plural = _("partner tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.partner.name} {self.prefix}…"

    @property
    def is_usable(self):
        return self.revoked_at is None and self.expires_at > timezone.now()
