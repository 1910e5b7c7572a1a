"""Draft → publish: one mechanism for editors, imports, the API and restores.

Writers change the organisation's hidden draft copy (`draft_for`), under a short lock on the live
organisation row and with a version bump. `publish` copies the draft onto the live rows in one
transaction, re-indexes search and records a Publication with its change list. The public site only
ever reads live rows, so it never shows a half-made edit.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tietovaranto.catalog.models import Organisation
from tietovaranto.publishing.models import Publication
from tietovaranto.publishing.snapshot import (
    FACT_KEYS,
    SCHEMA_VERSION,
    Change,
    Snapshot,
    apply_snapshot,
    catalog_snapshot,
    snapshot_diff,
    snapshot_hash,
    upgrade_snapshot,
)

User = AbstractBaseUser | AnonymousUser | None


class PublishError(Exception):
    """A publish, discard or restore that was refused; the message is for the records manager."""


def _lock_live(organisation: Organisation) -> Organisation:
    """Every draft writer and publisher serialises on the live organisation row."""
    live = organisation.draft_of if organisation.draft_of_id else organisation
    assert live is not None
    return Organisation.objects.select_for_update().get(pk=live.pk)


def draft_for(organisation: Organisation) -> Organisation:
    """The organisation's draft copy, created from the live rows the first time it is needed."""
    if organisation.is_draft:
        return organisation
    with transaction.atomic():
        live = _lock_live(organisation)
        draft = Organisation.all_objects.filter(draft_of=live).first()
        if draft is None:
            draft = Organisation(draft_of=live, uid=live.uid, name=live.name, slug=live.slug)
            draft.save()
            apply_snapshot(draft, catalog_snapshot(live), reason=_("draft created"))
        return draft


def bump_draft_version(draft: Organisation) -> None:
    """Call after any change to the draft: publishing checks that it publishes what was reviewed."""
    Organisation.all_objects.filter(pk=draft.pk).update(version=F("version") + 1)
    draft.refresh_from_db(fields=["version"])


def live_snapshot(organisation: Organisation) -> Snapshot:
    """What the public sees now (the live rows, equal to the latest publication)."""
    return catalog_snapshot(organisation)


@dataclass
class DraftState:
    draft_version: int
    changes: list[Change]
    first_publication: bool = False  # never published: publishing the draft would be its first publication

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)


def draft_state(organisation: Organisation) -> DraftState:
    draft = draft_for(organisation)
    live = organisation.draft_of if organisation.is_draft else organisation
    assert live is not None
    return DraftState(
        draft.version,
        snapshot_diff(live_snapshot(live), catalog_snapshot(draft)),
        first_publication=live.published_at is None,
    )


def _user_display(user: User) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    full_name = getattr(user, "get_full_name", lambda: "")()
    return str(full_name or user.get_username())


def publish(
    organisation: Organisation,
    *,
    reason: str,
    user: User = None,
    expected_draft_version: int | None = None,
    restored_from: Publication | None = None,
    user_display: str = "",
) -> Publication:
    """Make the whole draft public at once. Refuses a stale review, an empty reason and a no-op.
    `user_display`: who published when it was no user (the write API names its key)."""
    reason = reason.strip()
    if not reason:
        raise PublishError(_("Give a reason for the change."))
    with transaction.atomic():
        live = _lock_live(organisation)
        draft = Organisation.all_objects.filter(draft_of=live).first()
        if draft is None:
            raise PublishError(_("There is no draft to publish."))
        if expected_draft_version is not None and draft.version != expected_draft_version:
            raise PublishError(
                _("The draft was changed after you reviewed it. Review the changes again before publishing.")
            )
        if draft.name_taken():  # named so before the desk checked it
            raise PublishError(
                _("Another organisation already has the name “%(name)s”. Change it in the settings.")
                % {"name": draft.name}
            )
        new = catalog_snapshot(draft)
        if not new["resources"]:
            raise PublishError(_("The draft has no information resources; there is nothing to publish."))
        old = live_snapshot(live)
        changes = snapshot_diff(old if live.published_at else None, new)
        if live.published_at and not changes:
            raise PublishError(_("The draft is the same as the published description; nothing to publish."))
        apply_snapshot(live, new, reason=reason)
        live.published_at = timezone.now()
        live.save(update_fields=["published_at"])
        number = (Publication.objects.filter(organisation=live).aggregate(n=Max("number"))["n"] or 0) + 1
        publication = Publication.objects.create(
            organisation=live,
            number=number,
            user=user if isinstance(user, get_user_model()) else None,
            user_display=user_display or _user_display(user),
            reason=reason,
            schema_version=SCHEMA_VERSION,
            content=new,
            content_hash=snapshot_hash(new),
            summary=[change.as_dict() for change in changes],
            restored_from=restored_from,
        )
        from tietovaranto.search.indexing import index_organisations

        index_organisations([live.pk])  # pages and search switch together
    return publication


def discard_draft(organisation: Organisation) -> None:
    """Throw away every unpublished change: the draft becomes the live description again."""
    with transaction.atomic():
        live = _lock_live(organisation)
        draft = draft_for(live)
        apply_snapshot(draft, live_snapshot(live), reason=_("draft discarded"))
        bump_draft_version(draft)


def resource_restored(current: Snapshot, archived: Snapshot, uid: str) -> Snapshot:
    """`current` with one resource as it was in `archived`: its texts, its area (when that still
    exists), its items and every fact stated for it. Items only this resource lists come back as they
    were; an item other resources share keeps its present form (restoring it would change them too)."""
    old = next((r for r in archived["resources"] if r["uid"] == uid), None)
    if old is None:
        raise PublishError(_("That information resource is not in this version."))
    areas = {a["uid"] for a in current["areas"]}
    others = [r for r in current["resources"] if r["uid"] != uid]
    shared = {item for r in others for item in r["items"]}
    archived_items = {i["uid"]: i for i in archived["items"]}
    items = [i for i in current["items"] if i["uid"] not in old["items"] or i["uid"] in shared]
    items += [archived_items[u] for u in old["items"] if u not in shared and u in archived_items]
    restored = {**old, "area": old["area"] if old["area"] in areas else None}
    position = next((n for n, r in enumerate(current["resources"]) if r["uid"] == uid), len(others))
    merged: Snapshot = {
        **current,
        "items": items,
        "resources": [*others[:position], restored, *others[position:]],
    }
    for key in FACT_KEYS:
        merged[key] = [f for f in current[key] if f["resource"] != uid] + [
            f for f in archived[key] if f["resource"] == uid
        ]
    return merged


def restore_resource(organisation: Organisation, publication: Publication, uid: str) -> Organisation:
    """Put one resource as it was in an earlier published version into the draft."""
    if publication.organisation_id != organisation.pk:
        raise PublishError(_("That version belongs to another organisation."))
    with transaction.atomic():
        _lock_live(organisation)
        draft = draft_for(organisation)
        merged = resource_restored(catalog_snapshot(draft), upgrade_snapshot(publication.content), uid)
        try:
            with transaction.atomic():
                apply_snapshot(
                    draft,
                    merged,
                    reason=_("resource restored from version %(number)s") % {"number": publication.number},
                )
        except IntegrityError as error:
            raise PublishError(
                _(
                    "Another information resource or service area in the draft now has the same name; "
                    "rename it first."
                )
            ) from error
        bump_draft_version(draft)
        return draft


def restore_publication(organisation: Organisation, publication: Publication) -> Organisation:
    """Put an earlier published version into the draft (not public until published)."""
    if publication.organisation_id != organisation.pk:
        raise PublishError(_("That version belongs to another organisation."))
    with transaction.atomic():
        _lock_live(organisation)
        draft = draft_for(organisation)
        content = upgrade_snapshot(publication.content)
        # the organisation's identity (name, slug) stays as it is now
        content = {**content, "organisation": {**content["organisation"], "slug": draft.slug}}
        apply_snapshot(
            draft, content, reason=_("restored from version %(number)s") % {"number": publication.number}
        )
        bump_draft_version(draft)
        return draft
