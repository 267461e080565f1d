"""Tags belong to a borough. A tag used by several boroughs' actions is split into one
copy per borough (the first keeps its id); a tag nothing uses, not even in history, is
dropped."""

from django.db import migrations


def split_tags_by_borough(apps, schema_editor):
    Tag = apps.get_model("actions", "Tag")
    Action = apps.get_model("actions", "Action")
    Through = Action.tags.through
    Historical = apps.get_model("actions", "HistoricalAction_tags")
    for tag in Tag.objects.all().order_by("pk"):
        boroughs = sorted(
            set(
                Through.objects.filter(tag_id=tag.pk).values_list(
                    "action__plan__borough_id", flat=True
                )
            )
        )
        if not boroughs:
            # Only in history now: it stays, with the borough of an action that had it.
            boroughs = [
                b
                for b in Historical.objects.filter(tag_id=tag.pk).values_list(
                    "history__plan__borough_id", flat=True
                )[:1]
                if b
            ]
        if not boroughs:
            tag.delete()
            continue
        tag.borough_id = boroughs[0]
        tag.save(update_fields=["borough"])
        for borough_id in boroughs[1:]:
            copy = Tag.objects.create(name=tag.name, borough_id=borough_id)
            actions = Action.objects.filter(plan__borough_id=borough_id).values("pk")
            Through.objects.filter(tag_id=tag.pk, action_id__in=actions).update(tag_id=copy.pk)
            Historical.objects.filter(tag_id=tag.pk, action_id__in=actions).update(tag_id=copy.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0004_tags_per_borough"),
    ]

    operations = [migrations.RunPython(split_tags_by_borough, migrations.RunPython.noop)]
