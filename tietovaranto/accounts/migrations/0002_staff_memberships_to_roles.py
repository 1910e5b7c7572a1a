"""Every inforequests.StaffMembership becomes Memberships with the roles that cover what it allowed.

A staff membership gave every request step (the decision too) and the desk: it becomes request handler,
deciding official and editor, so nobody loses access on upgrade; administrators then narrow it.
"""

from django.db import migrations


ROLES = ("handler", "decider", "editor")


def forwards(apps, schema_editor):
    StaffMembership = apps.get_model("inforequests", "StaffMembership")
    Membership = apps.get_model("accounts", "Membership")
    Membership.objects.bulk_create(
        [
            Membership(user_id=old.user_id, organisation_id=old.organisation_id, role=role)
            for old in StaffMembership.objects.all()
            for role in ROLES
        ],
        ignore_conflicts=True,
    )


def backwards(apps, schema_editor):
    StaffMembership = apps.get_model("inforequests", "StaffMembership")
    Membership = apps.get_model("accounts", "Membership")
    StaffMembership.objects.bulk_create(
        [
            StaffMembership(user_id=m.user_id, organisation_id=m.organisation_id)
            for m in Membership.objects.filter(role__in=ROLES)
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_roles_and_access"),
        ("inforequests", "0001_information_requests"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
