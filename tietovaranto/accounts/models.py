"""Who may do what in which organisation: one Membership row per user × organisation × role.

Rights are read from these rows on every request (never cached in the session), so a removal
takes effect on the next page load. Memberships name live organisations and their service areas.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tietovaranto.catalog.models import Organisation, ServiceArea


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    EDITOR = "editor", _("Editor")
    HANDLER = "handler", _("Request handler")
    DECIDER = "decider", _("Deciding official")
    AUDITOR = "auditor", _("Auditor (read only)")


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, verbose_name=_("role"))
    # Only for editors: the whole organisation, or the named (live) service areas. Stored, not inferred
    # from an empty `areas`: deleting an editor's last area must leave them nothing, not everything.
    whole_organisation = models.BooleanField(default=True)
    areas = models.ManyToManyField(
        ServiceArea, blank=True, related_name="editor_memberships", verbose_name=_("service areas")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "user__username", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role")
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} – {self.get_role_display()}"


class Invitation(models.Model):
    """An e-mailed one-time link; only the SHA-256 digest of its key is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(verbose_name=_("e-mail address"))
    roles = models.JSONField(default=list, verbose_name=_("roles"))
    whole_organisation = models.BooleanField(default=True)  # for an editor role; see Membership
    areas = models.ManyToManyField(ServiceArea, blank=True, related_name="+", verbose_name=_("service areas"))
    key_digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["organisation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.email} – {self.organisation}"

    def role_labels(self) -> list[str]:
        return [str(Role(value).label) for value in self.roles if value in Role.values]


class ApiToken(models.Model):
    """A key with which another system writes the organisation's draft through the API.

    Only the SHA-256 digest of the whole key is stored; `prefix` is the non-secret part by which the
    key is found and which the staff page shows. The scope is the editor role's: the whole organisation,
    or the named (live) service areas. `whole_organisation` is stored, not inferred from an empty area
    list, so a key whose areas were all removed can edit nothing rather than everything.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(
        max_length=200,
        verbose_name=_("name"),
        help_text=_("Which system uses the key, e.g. the records plan tool."),
    )
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    whole_organisation = models.BooleanField(default=True)
    areas = models.ManyToManyField(
        ServiceArea, blank=True, related_name="api_tokens", verbose_name=_("service areas")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The rate limit (API_TOKEN_RATE_LIMIT): requests counted in the window that began at window_start
    window_start = models.DateTimeField(null=True, blank=True)
    window_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}) – {self.organisation}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AccessEventKind(models.TextChoices):
    INVITED = "invited", _("Invitation sent")
    RESENT = "resent", _("Invitation sent again")
    REVOKED = "revoked", _("Invitation cancelled")
    ACCEPTED = "accepted", _("Invitation accepted")
    GRANTED = "granted", _("Role given")
    REMOVED = "removed", _("Role removed")
    TWO_FACTOR_ON = "two_factor_on", _("Two-step verification turned on")
    TWO_FACTOR_OFF = "two_factor_off", _("Two-step verification turned off")
    TOKEN_CREATED = "token_created", _("API key created")
    TOKEN_REVOKED = "token_revoked", _("API key revoked")


class AccessEvent(models.Model):
    """Every change of who may do what, written in the same transaction as the change."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="access_events"
    )
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=20, choices=AccessEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access event")
        verbose_name_plural = _("access events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"


class StaffProfile(models.Model):
    """A staff member's own settings: the language of the staff pages after log-in and of the staff
    e-mails sent to them (issue 14), whatever language a requester wrote in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE, verbose_name=_("language")
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.language})"
