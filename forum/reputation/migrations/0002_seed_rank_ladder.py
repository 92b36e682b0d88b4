"""Seed the rank ladder the forum core had in code, so ranks stay as they were."""

from django.db import migrations

LADDER = [
    (0, "New member"),
    (10, "Contributor"),
    (50, "Helper"),
    (150, "Trusted helper"),
    (400, "Community champion"),
    (1000, "Community legend"),
]


def seed(apps, schema_editor):
    Rank = apps.get_model("reputation", "Rank")
    for min_points, name in LADDER:
        Rank.objects.get_or_create(min_points=min_points, defaults={"name": name})


def unseed(apps, schema_editor):
    Rank = apps.get_model("reputation", "Rank")
    Rank.objects.filter(min_points__in=[points for points, _ in LADDER]).delete()


class Migration(migrations.Migration):
    dependencies = [("reputation", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
