from django import forms

from .models import Kind


class PreferencesForm(forms.Form):
    """Two check boxes per kind: in-app and e-mail."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"{row.kind}__in_app"] = forms.BooleanField(required=False, initial=row.in_app)
            self.fields[f"{row.kind}__email"] = forms.BooleanField(required=False, initial=row.email)

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {kind: (data[f"{kind}__in_app"], data[f"{kind}__email"]) for kind in Kind.values}

    def bound_rows(self):
        """(row, in-app field, e-mail field) for the template."""
        return [(row, self[f"{row.kind}__in_app"], self[f"{row.kind}__email"]) for row in self.rows]
