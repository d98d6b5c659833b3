"""The hall's daily work (core.jobs runs it hourly in the daytime; every step is idempotent): booking slots
for the coming days, missed appointments marked as no-shows, tomorrow's reminders sent by text message."""

from shebao.core.jobs import job
from shebao.hall.appointments import appointments_mark_no_shows, appointments_send_reminders
from shebao.hall.slots import slots_generate_everywhere

STEPS = ("slots", "no-shows", "reminders")


@job("hall.daily", every_minutes=60, daytime_only=True)
def hall_daily(steps: tuple[str, ...] = STEPS) -> dict[str, object]:
    done: dict[str, object] = {}
    if "slots" in steps:
        done["slots"] = slots_generate_everywhere()
    if "no-shows" in steps:
        done["no-shows"] = appointments_mark_no_shows()
    if "reminders" in steps:
        done["reminders"] = appointments_send_reminders()
    return done
