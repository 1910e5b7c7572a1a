"""Forms of the records manager's desk. Field labels come from the models (translated)."""

import json
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from tietovaranto.catalog.models import (
    Availability,
    ContactKind,
    Decider,
    InformationResource,
    InterfaceAspect,
    InterfaceStatement,
    ItemKind,
    Organisation,
    RequestContact,
    SearchCriterion,
    ServiceArea,
)
from tietovaranto.core.forms import formfield
from tietovaranto.desk.services import FactsData, ItemRow
from tietovaranto.publishing.snapshot import Snapshot, content_fields


class LoadedStateField(forms.CharField):
    """What the editor loaded, carried with the form so a conflicting save can say what changed."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> Snapshot | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            data = json.loads(text)
        except ValueError as error:
            raise forms.ValidationError(_("The form was damaged; reload the page.")) from error
        return data if isinstance(data, dict) else None


class LoadedForm(forms.Form):
    loaded = LoadedStateField()

    @staticmethod
    def encode(snapshot: Snapshot) -> str:
        return json.dumps(snapshot, ensure_ascii=False, sort_keys=True)


def _model_field(model: Any, name: str) -> forms.Field:
    """The model field's own form field (its length limit: a longer value could not be saved), with
    its verbose name as the label, as the desk's other fields have."""
    field = model._meta.get_field(name)
    return formfield(field, label=field.verbose_name)  # type: ignore[return-value]


ORGANISATION_FIELDS = [f for f in content_fields(Organisation) if f not in ("slug",)]


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        formfield_callback = staticmethod(formfield)


class AreaForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ServiceArea
        fields = ["name", "name_sv", "name_en", "description", "description_sv", "description_en"]


class ResourceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = InformationResource
        fields = ["name", "name_sv", "name_en", "area", "description", "description_sv", "description_en"]

    def __init__(
        self, *args: Any, areas: QuerySet[ServiceArea], area_required: bool = False, **kwargs: Any
    ) -> None:
        """`areas`: the draft's areas the editor may put the resource in (all, or an editor's own);
        `area_required`: an editor limited to areas cannot leave a resource outside every area."""
        super().__init__(*args, **kwargs)
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ModelChoiceField)
        area_field.queryset = areas
        area_field.required = area_required
        area_field.empty_label = None if area_required else str(_("(no service area)"))

    def validate_unique(self) -> None:
        """Uniqueness within the organisation's draft is checked by the service (full_clean)."""


class ItemRowForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ItemKind.choices)
    name = forms.CharField(label=_("name"), max_length=255, required=False)
    note = forms.CharField(label=_("note"), max_length=500, required=False)
    name_sv = forms.CharField(label=_("name in Swedish"), max_length=255, required=False)
    name_en = forms.CharField(label=_("name in English"), max_length=255, required=False)


ItemFormSet = formset_factory(ItemRowForm, extra=2, can_delete=True, can_order=True)


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("search criterion"), max_length=200, required=False)
    name_sv = forms.CharField(label=_("in Swedish"), max_length=200, required=False)
    name_en = forms.CharField(label=_("in English"), max_length=200, required=False)


CriterionFormSet = formset_factory(CriterionForm, extra=2, can_delete=True)


class ContactForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ContactKind.choices)
    value = forms.CharField(label=_("value"), max_length=255, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("value"):
            try:
                RequestContact.check_value(cleaned.get("kind", ""), cleaned["value"])
            except forms.ValidationError as error:
                self.add_error(None, error)  # by the value field
        return cleaned


ContactFormSet = formset_factory(ContactForm, extra=1, can_delete=True)


class DeciderForm(forms.Form):
    authority = _model_field(Decider, "authority")
    title = _model_field(Decider, "title")
    title_sv = _model_field(Decider, "title_sv")
    title_en = _model_field(Decider, "title_en")
    name = _model_field(Decider, "name")
    email = _model_field(Decider, "email")
    phone = _model_field(Decider, "phone")


class InterfaceForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=Availability.choices, initial=Availability.UNKNOWN)
    text = forms.CharField(
        label=InterfaceStatement._meta.get_field("text").verbose_name,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    text_sv = forms.CharField(
        label=InterfaceStatement._meta.get_field("text_sv").verbose_name,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    text_en = forms.CharField(
        label=InterfaceStatement._meta.get_field("text_en").verbose_name,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    url = _model_field(InterfaceStatement, "url")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("url") and cleaned.get("status") == Availability.UNKNOWN:
            # an address under "not stated" would say nothing either way: kept, it read as unknown
            self.add_error(
                "status",
                _("An address is given: choose whether the data can be obtained through it (yes or no)."),
            )
        return cleaned


class FactsForms:
    """Criteria, request contacts, decider and the three interface facts of one scope."""

    def __init__(self, data: Any = None, initial: FactsData | None = None) -> None:
        initial = initial or FactsData()
        self.criteria = CriterionFormSet(data, initial=initial.criteria, prefix="criteria")
        self.contacts = ContactFormSet(data, initial=initial.contacts, prefix="contacts")
        self.decider = DeciderForm(data, initial=initial.decider or {}, prefix="decider")
        self.interface = [
            (
                label,
                InterfaceForm(data, initial=initial.interface.get(aspect, {}), prefix=f"interface-{aspect}"),
            )
            for aspect, label in InterfaceAspect.choices
        ]

    def all_forms(self) -> list[Any]:
        return [self.criteria, self.contacts, self.decider, *[form for _, form in self.interface]]

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.all_forms()])

    def data(self) -> FactsData:
        def rows(formset: Any) -> list[dict[str, str]]:
            return [
                {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]

        return FactsData(
            criteria=rows(self.criteria),
            contacts=rows(self.contacts),
            decider=self.decider.cleaned_data,
            interface={
                aspect: form.cleaned_data
                for (aspect, _label), (_l, form) in zip(InterfaceAspect.choices, self.interface, strict=True)
            },
        )


def item_rows(formset: Any) -> list[ItemRow]:
    forms_in_order = formset.ordered_forms if formset.can_order else formset.forms
    rows = []
    for form in forms_in_order:
        data = form.cleaned_data
        named = any(data.get(k, "").strip() for k in ("name", "name_sv", "name_en")) if data else False
        if not named or data.get("DELETE"):
            continue
        rows.append(ItemRow(data["kind"], data["name"], data["note"], data["name_sv"], data["name_en"]))
    return rows


class PublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown with the publication date on the public pages and in the change history."),
    )
    draft_version = forms.IntegerField(widget=forms.HiddenInput)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the pattern of Django's documentation)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ImportForm(forms.Form):
    """Files and/or an address."""

    pages = MultipleFileField(
        label=_("Files (text or saved web pages)"),
        widget=MultipleFileInput(attrs={"accept": ".txt,.html,.htm,text/plain,text/html"}),
        required=False,
        help_text=_("Choose several files when the description is spread over several pages."),
    )
    address = forms.CharField(
        label=_("Or the address of the description page"),
        required=False,
        max_length=2000,
        help_text=_("For example https://www.kunta.fi/tietovarannot/"),
    )
    follow = forms.BooleanField(
        label=_("Also fetch the pages it links to in the same section of the site"), required=False
    )


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I have checked the page: import it into the draft even though it was not understood"),
        required=False,
    )


__all__ = ["SearchCriterion"]
