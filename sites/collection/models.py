"""Form pages (surveys, registrations, feedback) that any site adds, and what residents submit.

Built on Wagtail's form builder. Two field types are ours: a phone number and a resident ID
number (GB 11643). ID numbers are stored masked in the submission's data, which every results
screen and export reads, and encrypted in full beside it for the rare case staff need them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES, AbstractForm, AbstractFormField, AbstractFormSubmission
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.search import index

from sites.collection.forms import COLLECTION_FIELD_CHOICES, CollectionFormBuilder

FIELD_TYPE_CHOICES = tuple(FORM_FIELD_CHOICES) + COLLECTION_FIELD_CHOICES


class FormField(AbstractFormField):
    field_type = models.CharField(_("field type"), max_length=16, choices=FIELD_TYPE_CHOICES)
    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")

    class Meta(AbstractFormField.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")


class FormPage(AbstractForm):
    """A resident form (信息采集表): survey, registration or feedback, on a portal or community site."""

    introduction = models.TextField(_("introduction"), blank=True)
    thank_you_text = models.TextField(
        _("confirmation text"), blank=True, help_text=_("Shown with the reference number after a submission.")
    )

    form_builder = CollectionFormBuilder
    content_panels = AbstractForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("introduction"),
        InlinePanel("form_fields", label=_("form fields")),
        MultiFieldPanel([FieldPanel("thank_you_text")], heading=_("confirmation page")),
    ]
    search_fields = AbstractForm.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["community_sites.CommunityHomePage", "community_sites.PortalHomePage"]
    subpage_types = []
    template = "site_forms/form_page.html"
    landing_page_template = "site_forms/form_page_landing.html"

    class Meta:
        verbose_name = _("resident form")
        verbose_name_plural = _("resident forms")

    def get_submission_class(self):
        return FormPageSubmission

    def get_submissions_list_view_class(self):
        from sites.collection.views import MaskedSubmissionsListView

        return MaskedSubmissionsListView

    def get_data_fields(self):
        fields = super().get_data_fields()
        return fields[:1] + [("reference", _("Reference number"))] + fields[1:]

    def get_form_parameters(self):
        return {"page": self}

    def process_form_submission(self, form):
        from sites.collection.services import save_submission

        return save_submission(self, form.cleaned_data)

    def serve(self, request, *args, **kwargs):
        from sites.collection.views import serve_form_page

        return serve_form_page(self, request, *args, **kwargs)


class FormPageSubmission(AbstractFormSubmission):
    """One resident's answers. `form_data` holds ID numbers masked; `protected_data` is encrypted."""

    reference = models.CharField(_("reference number"), max_length=24, unique=True)
    protected_data = models.TextField(_("encrypted identifiers"), blank=True, editable=False)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        # Wagtail's own would be the answers themselves, and this lands in the audit log's object column.
        return self.reference

    def get_data(self):
        return {**super().get_data(), "reference": self.reference}
