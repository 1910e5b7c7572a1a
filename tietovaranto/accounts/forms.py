from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tietovaranto.accounts.models import Role
from tietovaranto.catalog.models import ServiceArea


class _AreasMixin(forms.Form):
    areas = forms.ModelMultipleChoiceField(
        queryset=ServiceArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Limit the editor to these service areas"),
        help_text=_("None chosen: the whole organisation."),
    )

    def __init__(self, *args: Any, areas: QuerySet[ServiceArea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set from a selector (the administrator's own organisation), never the unscoped default
        self.fields["areas"].queryset = areas  # type: ignore[attr-defined]


class InviteForm(_AreasMixin):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    roles = forms.MultipleChoiceField(
        choices=Role.choices, widget=forms.CheckboxSelectMultiple, label=_("Roles")
    )
    field_order = ["email", "roles", "areas"]


class GrantForm(_AreasMixin):
    role = forms.ChoiceField(choices=Role.choices, label=_("Role"))
    field_order = ["role", "areas"]


class ApiTokenForm(_AreasMixin):
    name = forms.CharField(
        label=_("Name of the system"),
        max_length=200,
        help_text=_("Which system uses the key, e.g. the records management plan tool."),
    )
    field_order = ["name", "areas"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].label = _("Limit the key to these service areas")


class SetPasswordForm(forms.Form):
    """The invited person's own password, checked by Django's password validators."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            user = get_user_model()(
                username=self.email,
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class TokenForm(forms.Form):
    token = forms.RegexField(
        regex=r"^\s*\d{6}\s*$",
        label=_("Six-digit code from the authenticator app"),
        error_messages={"invalid": _("Enter the six digits shown by the app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()
