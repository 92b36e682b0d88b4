"""Tags whose name held no letter or digit (``_``, ``_-``) were given an empty slug,
which no URL can carry, so every page linking them failed. Such names are refused
now; the tags already stored get a slug of their own."""

import re

from django.db import migrations

ADDRESSABLE = re.compile(r"^[-\w]+\Z")


def give_every_tag_an_address(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    taken = set(Tag.objects.values_list("slug", flat=True))
    for tag in Tag.objects.order_by("pk"):
        if ADDRESSABLE.match(tag.slug):
            continue
        slug, number = f"tag-{tag.pk}", 1
        while slug in taken:
            number += 1
            slug = f"tag-{tag.pk}-{number}"
        taken.add(slug)
        tag.slug = slug
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0003_post_approval_and_featured_threads"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(give_every_tag_an_address, migrations.RunPython.noop),
    ]
