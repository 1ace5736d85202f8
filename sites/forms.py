"""Forms of the site wizard."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.orgs.models import OrgLevel, OrgUnit
from cms.orgs.scoping import visible_org_units
from themes.registry import DEFAULT_THEME, theme_choices


class CommunitySiteForm(forms.Form):
    org_unit = forms.ModelChoiceField(
        label=_("Community"),
        queryset=OrgUnit.objects.none(),
        error_messages={"invalid_choice": _("Choose an existing community.")},
    )
    hostname = forms.CharField(
        label=_("Host name"),
        max_length=253,
        help_text=_("The address residents type, e.g. heping.example.gov.cn"),
    )
    site_name = forms.CharField(
        label=_("Site name"), max_length=255, required=False, help_text=_("Defaults to the community's name.")
    )
    theme = forms.ChoiceField(label=_("Theme"), choices=theme_choices, initial=DEFAULT_THEME, widget=forms.RadioSelect)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = (
            visible_org_units(user).filter(level=OrgLevel.COMMUNITY, communityhomepage__isnull=True).order_by("path")
        )
        full_names = OrgUnit.full_names(self.fields["org_unit"].queryset)  # not a query per option
        self.fields["org_unit"].label_from_instance = lambda unit: full_names.get(unit.pk, unit.name)
