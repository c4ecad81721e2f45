from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kinerja.accounts.models import User
from kinerja.core.forms import BootstrapMixin

from . import rules, services
from .models import Employee, ImportBatch, Instansi, Position, Unit


class UnitForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "kind", "parent", "head_position"]

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        parents = Unit.objects.filter(instansi=instansi).order_by("path")
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)
            self.fields["head_position"].queryset = Position.objects.filter(unit=self.instance)
        else:
            del self.fields["head_position"]
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda u: f"{'— ' * u.depth}{u.name}"


class PositionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Position
        fields = ["unit", "name", "kind", "level", "grade"]

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(instansi=instansi, is_active=True).order_by("path")
        self.fields["unit"].label_from_instance = lambda u: f"{'— ' * u.depth}{u.name}"


class EmployeeForm(BootstrapMixin, forms.ModelForm):
    """The supervisor is typed as a NIP: a select of thousands of employees helps nobody."""

    supervisor_nip = forms.CharField(label=_("NIP atasan langsung"), required=False, max_length=30)

    class Meta:
        model = Employee
        fields = [
            "nip",
            "front_title",
            "name",
            "back_title",
            "status",
            "rank",
            "rank_start",
            "unit",
            "position",
            "email",
        ]
        help_texts = {"nip": _("18 digit, boleh dengan spasi: 19800101 200501 1 001")}
        widgets = {"rank_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, instansi: Instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        self.fields["nip"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        # The NIP may be typed with spaces; its length and parts are checked in clean().
        self.fields["nip"].max_length = 30
        self.fields["nip"].validators = []
        self.fields["nip"].widget.attrs["maxlength"] = 30
        self.fields["unit"].queryset = Unit.objects.filter(instansi=instansi, is_active=True).order_by("path")
        self.fields["unit"].label_from_instance = lambda u: f"{'— ' * u.depth}{u.name}"
        self.fields["position"].queryset = (
            Position.objects.filter(instansi=instansi, is_active=True)
            .select_related("unit")
            .order_by("unit__path", "name")
        )
        self.fields["position"].label_from_instance = lambda p: f"{p.name} — {p.unit.name}"
        if self.instance.pk and self.instance.supervisor_id:
            self.initial["supervisor_nip"] = self.instance.supervisor.nip

    def clean_nip(self):
        return rules.normalize_nip(self.cleaned_data["nip"])

    def clean(self):
        cleaned = super().clean()
        nip, status = cleaned.get("nip"), cleaned.get("status")
        if nip is not None:
            pppk = status in {Employee.Status.PPPK, Employee.Status.PPPK_PARUH_WAKTU}
            try:
                rules.parse_nip(nip, kind=rules.NipKind.PPPK if pppk else rules.NipKind.PNS)
            except rules.NipError as error:
                self.add_error("nip", services.nip_error_message(error))
        return cleaned

    def clean_supervisor_nip(self):
        nip = rules.normalize_nip(self.cleaned_data.get("supervisor_nip") or "")
        if not nip:
            return None
        supervisor = Employee.objects.filter(instansi=self.instansi, nip=nip).first()
        if supervisor is None:
            raise ValidationError(_("Tidak ada pegawai dengan NIP %(nip)s di instansi ini."), params={"nip": nip})
        return supervisor


class AccountForm(BootstrapMixin, forms.Form):
    role = forms.ChoiceField(
        label=_("Peran"),
        choices=[(r.value, r.label) for r in (User.Role.PEGAWAI, User.Role.ADMIN, User.Role.PIMPINAN)],
        initial=User.Role.PEGAWAI,
    )


class ImportForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Jenis data"), choices=ImportBatch.Kind.choices)
    file = forms.FileField(label=_("File (.xlsx atau .csv)"))

    def clean_file(self):
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _("File terlalu besar; batasnya %(max)s MB."), params={"max": settings.IMPORT_MAX_BYTES // 1048576}
            )
        return upload
