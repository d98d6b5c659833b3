"""Every write to the posts staff hold, their stand-ins or their second-factor devices replaces the staff
or devices stamp (core.stamps): what a process keeps of them is dropped at its next request, so a post
taken away or a device enrolled counts from the next request on."""

from django.db import migrations

from shebao.core.stamps import DEVICES, STAFF, triggers_operation


class Migration(migrations.Migration):
    dependencies = [("core", "0012_data_stamps"), ("otp_totp", "0003_add_timestamps")]
    operations = [
        triggers_operation(STAFF, ["core_staffrole", "core_standin"]),
        triggers_operation(DEVICES, ["otp_totp_totpdevice"]),
    ]
