"""Every inforequests.StaffMembership becomes a Membership with the request handler role."""

from django.db import migrations


def forwards(apps, schema_editor):
    StaffMembership = apps.get_model("inforequests", "StaffMembership")
    Membership = apps.get_model("accounts", "Membership")
    Membership.objects.bulk_create(
        [
            Membership(user_id=old.user_id, organisation_id=old.organisation_id, role="handler")
            for old in StaffMembership.objects.all()
        ],
        ignore_conflicts=True,
    )


def backwards(apps, schema_editor):
    StaffMembership = apps.get_model("inforequests", "StaffMembership")
    Membership = apps.get_model("accounts", "Membership")
    StaffMembership.objects.bulk_create(
        [
            StaffMembership(user_id=m.user_id, organisation_id=m.organisation_id)
            for m in Membership.objects.filter(role="handler")
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_roles_and_access"),
        ("inforequests", "0001_information_requests"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
