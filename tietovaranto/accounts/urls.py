from django.urls import path

from tietovaranto.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("account/language/", views.language, name="language"),
    path("account/two-factor/", views.two_factor_setup, name="two-factor-setup"),
    path("account/two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("account/two-factor/remove/", views.two_factor_remove, name="two-factor-remove"),
    path("invitation/<str:key>/", views.accept, name="accept"),
    path("<slug:org_slug>/members/", views.members, name="members"),
    path("<slug:org_slug>/members/invite/", views.invite, name="invite"),
    path("<slug:org_slug>/members/<int:user_id>/grant/", views.grant, name="grant"),
    path("<slug:org_slug>/members/<int:user_id>/remove/", views.remove_member, name="remove-member"),
    path("<slug:org_slug>/api-keys/", views.api_tokens, name="api-tokens"),
    path("<slug:org_slug>/api-keys/new/", views.api_token_create, name="api-token-create"),
    path("<slug:org_slug>/api-keys/<int:token_id>/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path("<slug:org_slug>/roles/<int:membership_id>/remove/", views.remove_role, name="remove-role"),
    path(
        "<slug:org_slug>/invitations/<int:invitation_id>/resend/",
        views.invitation_action,
        {"name": "resend"},
        name="invitation-resend",
    ),
    path(
        "<slug:org_slug>/invitations/<int:invitation_id>/revoke/",
        views.invitation_action,
        {"name": "revoke"},
        name="invitation-revoke",
    ),
]
