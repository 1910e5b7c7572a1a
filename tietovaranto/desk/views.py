"""The records manager's desk: edit the draft, preview, publish with a reason, history and restore.

Views are thin: the access check, forms, and the services in desk.services / publishing.services.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tietovaranto.accounts import access
from tietovaranto.accounts.permissions import Action
from tietovaranto.catalog.models import (
    Availability,
    InformationResource,
    InterfaceAspect,
    ItemKind,
    Organisation,
    ServiceArea,
)
from tietovaranto.catalog.selectors import FactResolver, areas_with_resources
from tietovaranto.catalog.views import _resource_context
from tietovaranto.desk import services
from tietovaranto.desk.forms import (
    AreaForm,
    FactsForms,
    ImportConfirmForm,
    ImportForm,
    ItemFormSet,
    LoadedForm,
    OrganisationForm,
    PublishForm,
    ResourceForm,
    item_rows,
)
from tietovaranto.importer import review
from tietovaranto.importer.preview import DescriptionRefused
from tietovaranto.importer.sources import Collected, SourceError
from tietovaranto.importer.spreadsheet import template_workbook
from tietovaranto.publishing.history import change_lines, publications_public
from tietovaranto.publishing.models import Publication
from tietovaranto.publishing.services import (
    PublishError,
    discard_draft,
    draft_for,
    draft_state,
    publish,
    restore_publication,
    restore_resource,
)


def editable_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations whose desk this user may open (editors and administrators; a superuser too
    needs a role: the admin only shows the catalog). What they may do there is narrowed per action by
    accounts.access. A harvested organisation is kept at its source: here it is read-only."""
    return access.organisations_for(user, Action.OPEN_DESK).filter(harvest_source__isnull=True)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # login_required: never anonymous here


def _organisation(request: HttpRequest, org_slug: str, action: str = Action.OPEN_DESK) -> Organisation:
    """The access check of every desk page: another organisation's desk does not exist (404), and an
    action the user's roles do not allow (e.g. publishing by an area-limited editor) answers the same."""
    organisation = access.require_role(_user(request), org_slug, Action.OPEN_DESK)
    access.require(_user(request), organisation, action)
    return organisation


def _draft_row(request: HttpRequest, kind: str, draft: Organisation, uid: str) -> Any:
    """An area or resource of the draft that the user may edit, by uid; else 404."""
    if kind == "area":
        access.require(_user(request), draft, Action.EDIT_STRUCTURE)
        return access.draft_area_for_editor(_user(request), draft, uid)
    if kind == "resource":
        return access.draft_resource_for_editor(_user(request), draft, uid)
    raise Http404("Unknown kind")


@never_cache
@login_required
def home(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = _organisation(request, org_slug)
    draft = draft_for(organisation)
    state = draft_state(organisation)
    publish_form = PublishForm(initial={"draft_version": state.draft_version})
    if request.method == "POST":
        access.require(_user(request), organisation, Action.PUBLISH_CATALOG)
        publish_form = PublishForm(request.POST)
        if publish_form.is_valid():
            try:
                publication = publish(
                    organisation,
                    reason=publish_form.cleaned_data["reason"],
                    user=request.user,
                    expected_draft_version=publish_form.cleaned_data["draft_version"],
                )
            except PublishError as error:
                publish_form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Published as version %(number)s.") % {"number": publication.number}
                )
                return redirect("desk:home", org_slug=organisation.slug)
    return render(
        request,
        "desk/home.html",
        {
            "organisation": organisation,
            "draft": draft,
            "areas": areas_with_resources(draft),
            "changes": change_lines([c.as_dict() for c in state.changes]),
            "publish_form": publish_form,
            "may": access.allowed_actions(_user(request), organisation),
            "editable": access.editable_uids(_user(request), draft),
        },
    )


@dataclass
class SaveOutcome:
    """After a save attempt: saved, or the form again with the other editor's changes and a fresh state."""

    saved: bool
    state: LoadedForm
    conflict: list[Any] = field(default_factory=list)


def _save_to_draft(
    request: HttpRequest,
    organisation: Organisation,
    scope: str,
    uid: str,
    state: LoadedForm,
    form: Any,
    save: Callable[[Organisation], None],
) -> SaveOutcome:
    """One edit of the draft under the publish lock; a conflicting save keeps the input and says why."""
    try:
        with services.editing(organisation, scope, uid, state.cleaned_data["loaded"]) as draft:
            save(draft)
    except services.EditConflict as error:
        messages.error(
            request,
            _(
                "Someone else changed this while you were editing. Nothing of yours was saved yet: "
                "your input is kept below. Their changes:"
            ),
        )
        current = services.scope_snapshot(draft_for(organisation), scope, uid)
        fresh = LoadedForm(initial={"loaded": LoadedForm.encode(current)})
        return SaveOutcome(False, fresh, change_lines([c.as_dict() for c in error.changes]))
    except ValidationError as error:
        form.add_error(None, error)
        return SaveOutcome(False, state)
    messages.success(request, _("Saved to the draft."))
    return SaveOutcome(True, state)


def _resource_gone(request: HttpRequest, organisation: Organisation, draft: Organisation) -> HttpResponse:
    """The input of a save to a resource that is gone, on the form of a new one."""
    anywhere = access.may(_user(request), organisation, Action.EDIT_STRUCTURE)
    areas = access.editable_areas(_user(request), draft).order_by("position", "name")
    form = ResourceForm(request.POST, areas=areas, area_required=not anywhere)
    items = ItemFormSet(request.POST, prefix="items")
    facts = FactsForms(request.POST)
    for bound in (form, items, *facts.all_forms()):
        bound.is_valid()  # the values as typed, with any errors
    messages.error(
        request,
        _(
            "Someone else deleted this information resource while you were editing. Nothing of yours "
            "was saved: your input is kept below. Save it to add the resource again."
        ),
    )
    context = {
        "organisation": organisation,
        "resource": None,
        "form": form,
        "items": items,
        "facts": facts,
        "state": LoadedForm(initial={"loaded": ""}),  # a new resource's
        "conflict": [],
        "shared_systems": services.systems_of(draft),
        "action_url": reverse("desk:resource_new", kwargs={"org_slug": organisation.slug}),
    }
    return render(request, "desk/resource_form.html", context, status=409)


@never_cache
@login_required
def organisation_edit(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = _organisation(request, org_slug, Action.EDIT_SETTINGS)
    draft = draft_for(organisation)
    loaded = services.scope_snapshot(draft, "organisation")
    form = OrganisationForm(instance=draft)
    facts = FactsForms(initial=services.facts_of(draft))
    state = LoadedForm(initial={"loaded": LoadedForm.encode(loaded)})
    conflict: list[Any] = []
    if request.method == "POST":
        form = OrganisationForm(request.POST, instance=draft)
        facts = FactsForms(request.POST)
        state = LoadedForm(request.POST)
        if form.is_valid() and facts.is_valid() and state.is_valid():

            def save(d: Organisation) -> None:
                services.save_organisation(d, {k: form.cleaned_data[k] for k in form.Meta.fields})
                services.save_facts(d, facts.data())

            outcome = _save_to_draft(request, organisation, "organisation", "", state, form, save)
            if outcome.saved:
                return redirect("desk:home", org_slug=organisation.slug)
            state, conflict = outcome.state, outcome.conflict
    return render(
        request,
        "desk/organisation_form.html",
        {"organisation": organisation, "form": form, "facts": facts, "state": state, "conflict": conflict},
    )


@never_cache
@login_required
def area_edit(request: HttpRequest, org_slug: str, uid: str = "") -> HttpResponse:
    uid = str(uid) if uid else ""  # the URL gives a UUID; snapshots hold strings
    organisation = _organisation(request, org_slug, Action.EDIT_CATALOG if uid else Action.EDIT_STRUCTURE)
    draft = draft_for(organisation)
    # an area-limited editor edits the texts of their own areas; adding areas is the whole organisation's
    area = access.draft_area_for_editor(_user(request), draft, uid) if uid else None
    loaded = services.scope_snapshot(draft, "area", uid) if uid else None
    form = AreaForm(instance=area)
    facts = FactsForms(initial=services.facts_of(draft, area=area) if area else None)
    state = LoadedForm(initial={"loaded": LoadedForm.encode(loaded) if loaded else ""})
    conflict: list[Any] = []
    if request.method == "POST":
        form = AreaForm(request.POST, instance=area)
        facts = FactsForms(request.POST)
        state = LoadedForm(request.POST)
        if form.is_valid() and facts.is_valid() and state.is_valid():

            def save(d: Organisation) -> None:
                saved = services.save_area(d, area, {k: form.cleaned_data[k] for k in form.Meta.fields})
                services.save_facts(d, facts.data(), area=saved)

            outcome = _save_to_draft(request, organisation, "area", uid, state, form, save)
            if outcome.saved:
                return redirect("desk:home", org_slug=organisation.slug)
            state, conflict = outcome.state, outcome.conflict
    return render(
        request,
        "desk/area_form.html",
        {
            "organisation": organisation,
            "area": area,
            "form": form,
            "facts": facts,
            "state": state,
            "conflict": conflict,
        },
    )


def _item_initial(resource: InformationResource | None) -> list[dict[str, Any]]:
    if resource is None:
        return []
    links = resource.resource_items.select_related("item").order_by("position")
    return [
        {
            "kind": link.item.kind,
            "name": link.item.name,
            "note": link.item.note,
            "name_sv": link.item.name_sv,
            "name_en": link.item.name_en,
            "ORDER": n + 1,
        }
        for n, link in enumerate(links)
    ]


@never_cache
@login_required
def resource_edit(request: HttpRequest, org_slug: str, uid: str = "") -> HttpResponse:
    uid = str(uid) if uid else ""  # the URL gives a UUID; snapshots hold strings
    organisation = _organisation(request, org_slug, Action.EDIT_CATALOG)
    draft = draft_for(organisation)
    try:
        resource = access.draft_resource_for_editor(_user(request), draft, uid) if uid else None
    except Http404:
        posted = LoadedForm(request.POST) if request.method == "POST" else None
        if posted is not None and posted.is_valid() and posted.cleaned_data["loaded"]:
            # deleted (or moved out of the editor's areas) while the form was open: keep the input
            return _resource_gone(request, organisation, draft)
        raise
    areas = access.editable_areas(_user(request), draft).order_by("position", "name")
    # outside any area only for editors of the whole organisation
    anywhere = access.may(_user(request), organisation, Action.EDIT_STRUCTURE)
    loaded = services.scope_snapshot(draft, "resource", uid) if uid else None
    form = ResourceForm(instance=resource, areas=areas, area_required=not anywhere)
    items = ItemFormSet(initial=_item_initial(resource), prefix="items")
    facts = FactsForms(initial=services.facts_of(draft, resource=resource) if resource else None)
    state = LoadedForm(initial={"loaded": LoadedForm.encode(loaded) if loaded else ""})
    linked = {link.item_id for link in resource.resource_items.all()} if resource else set()
    shared_systems = [i for i in services.systems_of(draft) if i.pk not in linked]
    conflict: list[Any] = []
    if request.method == "POST":
        form = ResourceForm(request.POST, instance=resource, areas=areas, area_required=not anywhere)
        items = ItemFormSet(request.POST, prefix="items")
        facts = FactsForms(request.POST)
        state = LoadedForm(request.POST)
        if form.is_valid() and items.is_valid() and facts.is_valid() and state.is_valid():

            def save(d: Organisation) -> None:
                saved = services.save_resource(
                    d,
                    resource,
                    {k: form.cleaned_data[k] for k in form.Meta.fields},
                    item_rows(items),
                    request.POST.getlist("shared_items"),
                )
                services.save_facts(d, facts.data(), resource=saved)

            outcome = _save_to_draft(request, organisation, "resource", uid, state, form, save)
            if outcome.saved:
                return redirect("desk:home", org_slug=organisation.slug)
            state, conflict = outcome.state, outcome.conflict
    return render(
        request,
        "desk/resource_form.html",
        {
            "organisation": organisation,
            "resource": resource,
            "form": form,
            "items": items,
            "facts": facts,
            "state": state,
            "conflict": conflict,
            "shared_systems": shared_systems,
        },
    )


@never_cache
@login_required
def delete(request: HttpRequest, org_slug: str, kind: str, uid: str) -> HttpResponse:
    uid = str(uid) if uid else ""  # the URL gives a UUID; snapshots hold strings
    organisation = _organisation(request, org_slug, Action.EDIT_CATALOG)
    draft = draft_for(organisation)
    row = _draft_row(request, kind, draft, uid)
    plan = services.deletion_plan(draft, **{kind: row})
    if request.method == "POST":
        with services.editing(organisation, kind, uid, None) as d:
            if kind == "area":
                services.delete_area(d, row)
            else:
                services.delete_resource(d, row)
        messages.success(request, _("Removed from the draft: %(name)s") % {"name": row})
        return redirect("desk:home", org_slug=organisation.slug)
    return render(
        request, "desk/delete.html", {"organisation": organisation, "row": row, "kind": kind, "plan": plan}
    )


@require_POST
@login_required
def move(request: HttpRequest, org_slug: str, kind: str, uid: str, direction: str) -> HttpResponse:
    uid = str(uid) if uid else ""  # the URL gives a UUID; snapshots hold strings
    organisation = _organisation(request, org_slug, Action.EDIT_CATALOG)
    model = {"area": ServiceArea, "resource": InformationResource}.get(kind)
    if model is None or direction not in ("up", "down"):
        raise Http404("Unknown move")
    _draft_row(request, kind, draft_for(organisation), uid)  # refused before the publish lock is taken
    with services.editing(organisation, kind, uid, None) as draft:
        services.move(model, _draft_row(request, kind, draft, uid), -1 if direction == "up" else 1)
    return redirect(reverse("desk:home", kwargs={"org_slug": organisation.slug}) + f"#{kind}-{uid}")


@never_cache
@login_required
def preview(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The draft exactly as the public description page will show it."""
    organisation = _organisation(request, org_slug)
    draft = draft_for(organisation)
    resolver = FactResolver([draft.pk])
    sections = [
        (area, [_resource_context(resource, resolver.facts(resource)) for resource in resources])
        for area, resources in areas_with_resources(draft)
    ]
    response = render(
        request,
        "catalog/description.html",
        {"organisation": draft, "sections": sections, "preview": True, "last_changed": None},
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@login_required
def discard(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = _organisation(request, org_slug, Action.PUBLISH_CATALOG)
    if request.method == "POST":
        discard_draft(organisation)
        messages.success(request, _("The draft was discarded."))
        return redirect("desk:home", org_slug=organisation.slug)
    state = draft_state(organisation)
    return render(
        request,
        "desk/discard.html",
        {
            "organisation": organisation,
            "changes": change_lines([c.as_dict() for c in state.changes]),
            "first_publication": state.first_publication,
        },
    )


@never_cache
@login_required
def history(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = _organisation(request, org_slug)
    entries = [(p, change_lines(p.summary)) for p in publications_public(organisation)]
    return render(request, "desk/history.html", {"organisation": organisation, "entries": entries})


def _version(request: HttpRequest, org_slug: str, number: int) -> tuple[Organisation, Publication]:
    """A published version to restore from, for someone who may publish; else 404."""
    organisation = _organisation(request, org_slug, Action.PUBLISH_CATALOG)
    publication = organisation.publications.filter(number=number).first()  # scoped by the access check
    if publication is None:
        raise Http404("No such version")
    return organisation, publication


@require_POST
@login_required
def restore(request: HttpRequest, org_slug: str, number: int) -> HttpResponse:
    organisation, publication = _version(request, org_slug, number)
    restore_publication(organisation, publication)
    messages.success(
        request,
        _("Version %(number)s is now in the draft. Review it and publish it to make it public.")
        % {"number": number},
    )
    return redirect("desk:home", org_slug=organisation.slug)


@never_cache
@require_POST
@login_required
def restore_one_resource(request: HttpRequest, org_slug: str, number: int) -> HttpResponse:
    organisation, publication = _version(request, org_slug, number)
    try:
        restore_resource(organisation, publication, request.POST.get("resource", ""))
    except PublishError as error:
        messages.error(request, str(error))
        return redirect("desk:history", org_slug=organisation.slug)
    messages.success(
        request,
        _(
            "The information resource as it was in version %(number)s is now in the draft. "
            "Review it and publish."
        )
        % {"number": number},
    )
    return redirect("desk:home", org_slug=organisation.slug)


@never_cache
@login_required
def organisations(request: HttpRequest) -> HttpResponse:
    own = list(editable_organisations(_user(request)))
    if len(own) == 1:
        return redirect("desk:home", org_slug=own[0].slug)
    return render(request, "desk/organisations.html", {"organisations": own})


def _import_preview(
    request: HttpRequest,
    organisation: Organisation,
    collected: Collected,
    confirm: ImportConfirmForm | None = None,
) -> HttpResponse:
    description, sources = review.preview(collected)
    page = description.page
    warnings = [(description.where(f.line) if f.line else "", f.message) for f in description.merged]
    warnings += [
        (description.where(f.line) if f.line else "", f.message) for f in description.assessment.warnings
    ]
    warnings += [(description.where(number), text) for number, text in page.warnings]
    refusal_line = description.assessment.refusal_line
    return render(
        request,
        "desk/import_preview.html",
        {
            "organisation": organisation,
            "description": description,
            "page": page,
            "refusal_where": description.where(refusal_line) if refusal_line else "",
            "warnings": review.findings(description),
            "source_warnings": description.source_warnings,
            "sources": sources,
            "resource_count": len(page.all_resources()),
            "unplaced_count": len(page.unplaced),
            "form": confirm or ImportConfirmForm(initial={"token": review.keep(request.session, collected)}),
            "kind_labels": dict(ItemKind.choices),
            "aspect_labels": dict(InterfaceAspect.choices),
            "status_labels": dict(Availability.choices),
        },
    )


@never_cache
@login_required
def import_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Upload files or give an address; a valid source goes to the preview (nothing is written)."""
    organisation = _organisation(request, org_slug, Action.EDIT_STRUCTURE)  # rewrites the draft
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                collected = review.collect_uploads(
                    form.cleaned_data["pages"],
                    form.cleaned_data["address"],
                    follow=form.cleaned_data["follow"],
                )
            except SourceError as error:
                form.add_error(None, str(error))
            else:
                return _import_preview(request, organisation, collected)
    return render(request, "desk/import.html", {"organisation": organisation, "form": form})


@never_cache
@require_POST
@login_required
def import_confirm(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Write what was previewed into the draft; show what it changed and which edits it kept."""
    organisation = _organisation(request, org_slug, Action.EDIT_STRUCTURE)  # rewrites the draft
    form = ImportConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise SourceError(_("the preview has expired or was altered; upload the page again"))
        collected = review.kept(request.session, form.cleaned_data["token"])
    except SourceError as error:
        messages.error(request, str(error))
        return redirect("desk:import", org_slug=organisation.slug)
    try:
        report = review.import_reviewed(collected, organisation.name, confirmed=form.cleaned_data["confirm"])
    except review.ConfirmationNeeded:
        form.add_error("confirm", _("The page was not understood. Tick the box to import it anyway."))
        return _import_preview(request, organisation, collected, form)
    except DescriptionRefused as error:
        form.add_error(None, str(error))
        return _import_preview(request, organisation, collected, form)
    review.forget(request.session, form.cleaned_data["token"])
    return render(
        request,
        "desk/import_done.html",
        {"organisation": organisation, "report": report, "outcomes": review.outcome_rows(report)},
    )


@login_required
def catalog_template(request: HttpRequest) -> HttpResponse:
    """The spreadsheet template of `import-catalog`: the export's columns and their instructions."""
    response = HttpResponse(
        template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="tietovarannot-pohja.xlsx"'
    return response
