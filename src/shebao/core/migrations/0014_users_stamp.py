"""Every write to the users, their staff profiles, the agencies or the outlets replaces the users stamp
(core.stamps): what a process keeps of a signed-in user (core.backends) is dropped at its next request, so
an account disabled, a password changed, a profile moved or an outlet suspended counts from the next
request on."""

from django.db import migrations

from shebao.core.stamps import USERS, triggers_operation


class Migration(migrations.Migration):
    dependencies = [("core", "0013_staff_and_device_stamps"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [triggers_operation(USERS, ["auth_user", "core_staffprofile", "core_agency", "core_outlet"])]
