"""The crediting rates of recent years, so a fresh install computes accounts at once; an administrator
adds each new year's figure in the admin.

Figures: the yearly notices of MOHRSS and MOF (职工基本养老保险个人账户记账利率, unified nationally since
2016). Checked against two independent public pension calculators' rate tables found with the search tool
(a provincial calculator's test table "2016年起全国统一由人社部/财政部公布" listing 2016 8.31 … 2024 2.62,
2025 1.50, and a 2025 calculator giving 1.5 for 2025); the figures agree with the issue's list.
"""

from decimal import Decimal

from django.db import migrations

RATES = {
    2016: "8.31",
    2017: "7.12",
    2018: "8.29",
    2019: "7.61",
    2020: "6.04",
    2021: "6.69",
    2022: "6.12",
    2023: "3.97",
    2024: "2.62",
    2025: "1.50",
}
SOURCE = "人力资源社会保障部、财政部公布"


def seed(apps, schema_editor):
    InterestRate = apps.get_model("records", "InterestRate")
    for year, rate in RATES.items():
        InterestRate.objects.get_or_create(
            year=year, defaults={"rate_percent": Decimal(rate), "announced_in": SOURCE}
        )


def unseed(apps, schema_editor):
    apps.get_model("records", "InterestRate").objects.filter(year__in=RATES, announced_in=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
