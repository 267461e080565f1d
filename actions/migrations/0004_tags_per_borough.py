"""Tags belong to a borough: the column, nullable until 0005 has filled it in."""

import django.db.models.deletion
from django.db import migrations, models


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
        # Filled in by 0005 and made required by 0006, each in its own transaction:
        # PostgreSQL cannot alter a table with deferred checks of new rows pending.
    ]
