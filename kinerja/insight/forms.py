from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.appraisal.models import RATING_CHOICES

from .models import CalibrationDecision


class OpenForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, ("— " * u.depth) + u.name) for u in units]


class DecisionForm(forms.Form):
    evaluation = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Keputusan"), choices=CalibrationDecision.Outcome.choices)
    results_rating = forms.ChoiceField(
        label=_("Rating hasil kerja baru"), choices=[("", "—"), *RATING_CHOICES], required=False
    )
    reason = forms.CharField(label=_("Alasan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    participants = forms.CharField(label=_("Peserta rapat"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(
        label=_("Catatan rapat"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
