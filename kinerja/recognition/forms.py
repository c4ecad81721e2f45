from django import forms
from django.utils.translation import gettext_lazy as _l

from kinerja.core.forms import BootstrapMixin

from .models import Award


class NominationForm(BootstrapMixin, forms.Form):
    nip = forms.CharField(label=_l("NIP pegawai"), max_length=30)
    period = forms.RegexField(
        label=_l("Periode"),
        regex=r"^\d{4}(-(Q[1-4]|0[1-9]|1[0-2]))?$",
        help_text=_l("Tahun (2026), triwulan (2026-Q4) atau bulan (2026-11)"),
        error_messages={"invalid": _l("Tulis 2026, 2026-Q4 atau 2026-11.")},
    )
    category = forms.ChoiceField(label=_l("Kategori"), choices=Award.Category.choices)
    reason = forms.CharField(label=_l("Alasan usulan"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("award", _l("Tetapkan")), ("decline", _l("Tidak ditetapkan"))])
    reason = forms.CharField(label=_l("Pertimbangan tim penilai"), widget=forms.Textarea(attrs={"rows": 2}))
