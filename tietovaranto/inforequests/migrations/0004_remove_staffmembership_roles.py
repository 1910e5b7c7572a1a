"""StaffMembership is replaced by accounts.Membership (copied by accounts 0002 before this runs)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("inforequests", "0003_requests_features"),
        ("accounts", "0002_staff_memberships_to_roles"),
    ]

    operations = [migrations.DeleteModel(name="StaffMembership")]
