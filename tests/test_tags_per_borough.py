"""Each borough has its own tags: typing a tag never finds or reveals another borough's."""

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor

from actions.models import Action, Tag
from actions.services import action_edit, tags_for_names


def test_a_tag_typed_in_one_borough_never_finds_anothers(borough, other_borough):
    theirs = Tag.objects.create(borough=other_borough, name="Secret inspection theme")

    (mine,) = tags_for_names(borough=borough, names=["secret INSPECTION theme"])

    assert mine.pk != theirs.pk
    assert mine.borough == borough
    assert mine.name == "secret INSPECTION theme"


def test_a_boroughs_own_tag_is_matched_regardless_of_case(borough):
    kloe = Tag.objects.create(borough=borough, name="KLOE 1")

    assert tags_for_names(borough=borough, names=["kloe 1", " KLOE 1 "]) == [kloe]


def test_tag_names_are_unique_within_a_borough_only(borough, other_borough):
    Tag.objects.create(borough=borough, name="Health")
    Tag.objects.create(borough=other_borough, name="Health")

    with pytest.raises(IntegrityError):
        Tag.objects.create(borough=borough, name="Health")


def test_editing_an_actions_tags_uses_its_own_boroughs_tags(action, editor, other_borough):
    Tag.objects.create(borough=other_borough, name="Preparing for adulthood")

    action_edit(
        action=action,
        user=editor,
        expected_version=action.version,
        tag_names=["Preparing for adulthood"],
    )

    assert [t.borough for t in action.tags.all()] == [action.plan.borough]


@pytest.mark.django_db(transaction=True)
def test_the_migration_splits_a_shared_tag_into_one_per_borough(borough, other_borough):
    executor = MigrationExecutor(connection)
    before = [("actions", "0003_statusupdate_author_protect")]
    # Back to before every actions migration after 0002, then forward to the tag
    # migration's parent alone: migrating straight back would leave sibling migrations
    # (other columns on the action table) applied that the old models do not know.
    executor.migrate([("actions", "0002_statusupdate_latest_index")])
    executor.loader.build_graph()
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldTag, OldAction = old.get_model("actions", "Tag"), old.get_model("actions", "Action")
    OldPlan, OldPriority = old.get_model("actions", "Plan"), old.get_model("actions", "Priority")
    shared = OldTag.objects.create(name="KLOE 3")
    OldTag.objects.create(name="Unused")
    tagged = {}
    for b in (borough, other_borough):
        plan = OldPlan.objects.create(borough_id=b.pk, slug=f"p-{b.slug}", title="Plan")
        priority = OldPriority.objects.create(plan=plan, number="1", title="P")
        action = OldAction.objects.create(
            plan=plan, priority=priority, reference="1", description="Do it"
        )
        action.tags.add(shared)
        tagged[b.pk] = action.pk

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert not Tag.objects.filter(name="Unused").exists()
    ours = Action.objects.get(pk=tagged[borough.pk]).tags.get()
    theirs = Action.objects.get(pk=tagged[other_borough.pk]).tags.get()
    assert ours.name == theirs.name == "KLOE 3"
    assert ours.borough == borough and theirs.borough == other_borough
    assert ours.pk == shared.pk  # the first borough keeps the original
