"""Forms of the approval screens: the process definition (checked by the engine's own rules), decisions,
resubmission, public notices and objections, and the public progress lookup."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

from cms.audit.services import record_audit
from services.approvals.models import ApprovalCase, ApprovalDecision, DecisionKind
from services.approvals.services import ApprovalError, validate_steps

STEP_FIELDS = ("kind", "level", "name", "time_limit_days", "notice_days", "optional")


class WorkdayAdjustmentForm(WagtailAdminModelForm):
    """Holidays and make-up days move every deadline: each change is audited."""

    def save(self, commit=True):
        creating = self.instance.pk is None
        adjustment = super().save(commit=commit)
        if commit:
            record_audit(
                "approvals.workday.create" if creating else "approvals.workday.change",
                actor=getattr(self, "for_user", None),
                obj=adjustment,
                detail={"date": str(adjustment.date), "is_workday": adjustment.is_workday},
            )
        return adjustment


class ProcessForm(WagtailAdminModelForm):
    """The process and its inline steps, validated by the engine's `validate_steps`."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("steps")
        if formset is None or not formset.is_valid():
            return cleaned
        kept, removed = [], []
        for form in formset.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            (removed if form.cleaned_data.get("DELETE") else kept).append(form)
        kept.sort(key=lambda form: form.cleaned_data.get("ORDER") or 0)
        for form in removed:
            step = form.instance
            if step.pk and (
                ApprovalCase.objects.filter(current_step=step).exists()
                or ApprovalDecision.objects.filter(step=step).exists()
            ):
                self.add_error(
                    None, _("The step %(step)s has cases or decisions; it cannot be removed.") % {"step": step.name}
                )
        steps = [{name: form.cleaned_data.get(name) for name in STEP_FIELDS} for form in kept]
        try:
            validate_steps(cleaned.get("final_level"), steps)
        except ApprovalError as error:
            self.add_error(None, error.messages[0])
        return cleaned

    def save(self, commit=True):
        creating = self.instance.pk is None
        process = super().save(commit=commit)
        if commit:
            record_audit(
                "approvals.process.create" if creating else "approvals.process.change",
                actor=getattr(self, "for_user", None),
                obj=process,
                detail={"business_type": process.business_type, "final_level": process.final_level},
            )
        return process


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, images, Word, Excel or OFD; at most 10 files of 20 MB each."),
    )
    step = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case, remaining_steps, **kwargs):
        super().__init__(*args, **kwargs)
        step = case.current_step
        choices = []
        if remaining_steps:
            choices.append((DecisionKind.PASS, DecisionKind.PASS.label))
            if step.optional:
                choices.append((DecisionKind.SKIP, DecisionKind.SKIP.label))
        else:
            choices.append((DecisionKind.APPROVE, DecisionKind.APPROVE.label))
        choices += [
            (DecisionKind.RETURN, DecisionKind.RETURN.label),
            (DecisionKind.REJECT, DecisionKind.REJECT.label),
        ]
        self.fields["decision"].choices = choices
        self.fields["step"].initial = step.pk


class ResubmitForm(forms.Form):
    comment = forms.CharField(label=_("What was corrected"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class NoticeForm(forms.Form):
    starts_on = forms.DateField(label=_("Notice starts on"), widget=AdminDateInput)


class ObjectionForm(forms.Form):
    objector = forms.CharField(label=_("Raised by"), max_length=100, required=False)
    text = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 2}))


class ResolveObjectionForm(forms.Form):
    objection = forms.IntegerField(widget=forms.HiddenInput)
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 2}))
    upheld = forms.TypedChoiceField(
        label=_("Is the objection upheld?"),
        choices=[("no", _("Not upheld")), ("yes", _("Upheld"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    q = forms.CharField(label=_("Case number or title"), required=False)

    def __init__(self, *args, **kwargs):
        from services.approvals.models import CaseStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *CaseStatus.choices]


class ProgressForm(forms.Form):
    number = forms.CharField(
        label=_("Case number"),
        max_length=32,
        widget=forms.TextInput(attrs={"placeholder": "SP20260101-000001", "autocomplete": "off"}),
    )
