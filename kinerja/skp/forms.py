from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import BootstrapMixin
from kinerja.org.models import Position, Unit

from .models import (
    EVIDENCE_RULE_CHOICES,
    TARGET_MODE_CHOICES,
    Direction,
    Indicator,
    Metric,
    Period,
    RevisionCategory,
    Rhk,
    Skp,
    SkpTemplate,
)


class PeriodForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    cut = forms.ChoiceField(label=_("Periode penilaian"), choices=Period.Cut.choices)
    planning_deadline = forms.DateField(
        label=_("Batas penyusunan SKP"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    closes_on = forms.DateField(
        label=_("Tanggal penutupan"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class GoalForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Kode"), max_length=20)
    title = forms.CharField(label=_("Sasaran strategis"), max_length=300)
    unit = forms.ModelChoiceField(label=_("Unit kerja (kosong: instansi)"), queryset=None, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class KeyIndicatorForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Indikator kinerja utama"), max_length=300)
    target = forms.CharField(label=_("Target"), max_length=20)
    target_unit = forms.CharField(label=_("Satuan"), max_length=40)
    direction = forms.ChoiceField(label=_("Arah"), choices=Direction.choices)


EXAMPLE_TEMPLATE_LINE = (
    "Cakupan imunisasi dasar lengkap | Persentase bayi diimunisasi lengkap | kuantitas | 95 | % | naik"
)


class TemplateForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Nama templat"), max_length=200)
    sector = forms.ChoiceField(label=_("Sektor"), choices=SkpTemplate.Sector.choices)
    source = forms.CharField(
        label=_("Isi templat"),
        widget=forms.Textarea(
            attrs={
                "rows": 6,
                "placeholder": "Cakupan imunisasi dasar lengkap | Persentase bayi diimunisasi lengkap"
                " | kuantitas | 95 | % | naik",
            }
        ),
        help_text=_("Satu indikator per baris: RHK | indikator | aspek | target | satuan | arah (naik/turun)"),
    )
    positions = forms.ModelMultipleChoiceField(
        label=_("Ditawarkan lebih dulu untuk jabatan"),
        queryset=Position.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    levels = forms.MultipleChoiceField(
        label=_("… dan untuk jenjang jabatan fungsional"),
        choices=[(code, label) for code, label in Position.Level.choices if code],
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Tahan Ctrl (atau ketuk lama di ponsel) untuk memilih lebih dari satu."),
    )

    def __init__(self, *args, positions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if positions is not None:
            self.fields["positions"].queryset = positions


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if getattr(obj, "matches", False):
            return _("%(name)s (sesuai jabatan Anda)") % {"name": obj.name}
        return obj.name


class SkpCreateForm(BootstrapMixin, forms.Form):
    period = forms.ModelChoiceField(label=_("Tahun"), queryset=None, empty_label=None)
    approach = forms.ChoiceField(
        label=_("Pendekatan"),
        choices=Skp.Approach.choices,
        initial=Skp.Approach.QUANTITATIVE,
        help_text=_("Kualitatif: ekspektasi hasil kerja diuraikan dengan kata-kata, bukan target angka."),
    )
    template = TemplateChoiceField(
        label=_("Mulai dari templat (opsional)"), queryset=None, required=False, empty_label=_("— tanpa templat —")
    )

    def __init__(self, *args, periods, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods
        self.fields["template"].queryset = templates
        # The template of the employee's position is offered first and chosen by default.
        first = next(iter(templates[:1]), None)
        if first is not None and getattr(first, "matches", False) and not self.is_bound:
            self.initial.setdefault("template", first.pk)


class RhkForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Rhk
        fields = ["text", "kind", "parent", "goal", "own_initiative", "awaiting_parent", "perspective"]
        help_texts = {
            "awaiting_parent": _(
                "Atasan belum menyusun RHK-nya: SKP tetap dapat diajukan dan disetujui; kaitkan RHK ini "
                "setelah RHK atasan ada, tanpa mengulang persetujuan."
            )
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, skp, parents, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        self.fields["goal"].queryset = goals
        if skp.is_jpt:
            del self.fields["parent"]
            del self.fields["awaiting_parent"]
        else:
            del self.fields["goal"]
            del self.fields["perspective"]


class IndicatorForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Indikator"), max_length=500)
    aspect = forms.ChoiceField(label=_("Aspek"), choices=Indicator.Aspect.choices)
    target = forms.CharField(label=_("Target"), max_length=20, required=False)
    expectation = forms.CharField(label=_("Ekspektasi (naratif)"), max_length=2000, required=False)
    target_unit = forms.CharField(label=_("Satuan"), max_length=40, required=False)
    direction = forms.ChoiceField(label=_("Arah"), choices=Direction.choices)
    target_mode = forms.ChoiceField(
        label=_("Target periodik"),
        choices=[("", _("Otomatis sesuai jenis indikator")), *TARGET_MODE_CHOICES],
        required=False,
    )
    evidence_rule = forms.ChoiceField(label=_("Bukti dukung"), choices=EVIDENCE_RULE_CHOICES, required=False)
    service_unit = forms.ModelChoiceField(
        label=_("Unit layanan yang diukur"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— unit kerja pegawai —"),
    )
    metric = forms.ChoiceField(
        label=_("Diukur otomatis dari"),
        choices=Metric.choices,
        required=False,
        help_text=_("Indikator objektif: realisasinya dihitung Kinerja dari suara warga, tanpa laporan kegiatan."),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["service_unit"].queryset = units


class CommentForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class ReasonForm(BootstrapMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("Kategori alasan"), choices=[("", "—"), *RevisionCategory.choices], required=True
    )
    reason = forms.CharField(label=_("Alasan revisi"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class AppendixForm(BootstrapMixin, forms.Form):
    resources = forms.CharField(
        label=_("Dukungan sumber daya"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    accountability = forms.CharField(
        label=_("Skema pertanggungjawaban"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    consequences = forms.CharField(label=_("Konsekuensi"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
