"""Tags belong to a borough. A tag used by several boroughs' actions is split into one
copy per borough (the first keeps its id); a tag
nothing uses, not even in history, is dropped."""

import django.db.models.deletion
from django.db import migrations, models


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
        ("actions", "0003_statusupdate_author_protect"),
        ("boroughs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="tag",
            name="borough",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="tags",
                to="boroughs.borough",
            ),
        ),
        migrations.AlterField(
            model_name="tag", name="name", field=models.CharField(max_length=200)
        ),
        migrations.RunPython(split_tags_by_borough, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="tag",
            name="borough",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="tags",
                to="boroughs.borough",
            ),
        ),
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.UniqueConstraint(
                fields=("borough", "name"), name="tag_name_unique_per_borough"
            ),
        ),
    ]
