"""Every tag now has a borough (0005): make it required, and names unique per borough."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0005_split_shared_tags"),
    ]

    operations = [
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
