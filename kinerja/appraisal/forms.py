from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapMixin
from kinerja.skp.rules import BERAKHLAK

from .models import ORG_PREDICATE_CHOICES, RATING_CHOICES, Objection

BLANK = [("", "—")]
TEXT = {"rows": 2, "maxlength": 4000}


class RatingForm(BootstrapMixin, forms.Form):
    """The pejabat penilai's ratings; `indicators` adds one feedback field per indicator and
    `full` adds one per BerAKHLAK value (the board's quick form has neither)."""

    results_rating = forms.ChoiceField(label=_("Rating hasil kerja"), choices=BLANK + RATING_CHOICES)
    results_reason = forms.CharField(
        label=_("Alasan bila berbeda dari saran"), required=False, widget=forms.Textarea(attrs=TEXT)
    )
    behaviour_rating = forms.ChoiceField(label=_("Rating perilaku kerja"), choices=BLANK + RATING_CHOICES)

    def __init__(self, *args, indicators=(), full: bool = False, head_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.full = full
        self.indicator_names = []
        for indicator in indicators:
            name = f"indicator_{indicator.pk}"
            self.fields[name] = forms.CharField(
                label=_("Umpan balik: %(text)s") % {"text": indicator.text},
                required=False,
                widget=forms.Textarea(attrs=TEXT),
            )
            self.indicator_names.append((indicator.pk, name))
        if full:
            for code, label, _guides in BERAKHLAK:
                self.fields[f"behaviour_{code}"] = forms.CharField(
                    label=_("Umpan balik: %(value)s") % {"value": label},
                    required=False,
                    widget=forms.Textarea(attrs=TEXT),
                )
        if head_locked:
            self.fields["results_rating"].disabled = True
            self.fields["results_rating"].required = False  # the service fills it in
            self.fields["results_rating"].help_text = _("Kepala unit: mengikuti predikat kinerja organisasi unitnya.")

    def behaviour_feedback(self) -> dict[str, str] | None:
        if not self.full:
            return None
        return {code: self.cleaned_data.get(f"behaviour_{code}", "") for code, _l, _g in BERAKHLAK}

    def indicator_feedback(self) -> dict[str, str] | None:
        if not self.indicator_names:
            return None
        return {str(pk): self.cleaned_data.get(name, "") for pk, name in self.indicator_names}


class UnitPredicateForm(BootstrapMixin, forms.Form):
    predicate = forms.ChoiceField(label=_("Predikat kinerja organisasi"), choices=BLANK + ORG_PREDICATE_CHOICES)
    basis = forms.CharField(
        label=_("Dasar penetapan"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("Misalnya capaian rencana aksi dan perjanjian kinerja unit."),
    )


class FinaliseForm(BootstrapMixin, forms.Form):
    justification = forms.CharField(
        label=_("Justifikasi distribusi (bila tidak sesuai pola)"), required=False, widget=forms.Textarea(attrs=TEXT)
    )


class ObjectionForm(BootstrapMixin, forms.Form):
    category = forms.ChoiceField(label=_("Pokok keberatan"), choices=BLANK + list(Objection.Category.choices))
    reason = forms.CharField(label=_("Alasan keberatan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan"), choices=BLANK + list(Objection.Decision.choices))
    reason = forms.CharField(label=_("Alasan keputusan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    results_rating = forms.ChoiceField(
        label=_("Rating hasil kerja baru"), choices=BLANK + RATING_CHOICES, required=False
    )
    behaviour_rating = forms.ChoiceField(
        label=_("Rating perilaku kerja baru"), choices=BLANK + RATING_CHOICES, required=False
    )


class PeerInputForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(label=_("Catatan (opsional)"), required=False, widget=forms.Textarea(attrs=TEXT))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        for code, label, _guides in BERAKHLAK:
            self.fields[code] = forms.ChoiceField(label=label, choices=BLANK + RATING_CHOICES)
            self.fields[code].widget.attrs["class"] = "form-select"
        self.fields["comment"] = comment

    def ratings(self) -> dict[str, str]:
        return {code: self.cleaned_data[code] for code, _l, _g in BERAKHLAK}
