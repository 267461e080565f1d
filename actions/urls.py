"""The officer-facing pages (views in actions/views/).

Everyone in the borough reads plans and actions; editors and above update statuses,
edit actions, milestones and measures; borough admins change a plan's structure.
"""

from django.urls import path

from actions.views import (
    action_edit,
    action_pages,
    board_decision,
    measures,
    milestones,
    plans,
    status,
    structure,
)

urlpatterns = [
    # Reading
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("actions/", action_pages.action_list, name="action_list"),
    path("actions/export.csv", action_pages.action_export_csv, name="action_export_csv"),
    path("actions/<int:pk>/", action_pages.action_detail, name="action_detail"),
    path("plans/<int:pk>/measures/", measures.measure_list, name="measure_list"),
    path("measures/<int:pk>/", measures.measure_detail, name="measure_detail"),
    path("indicators/compare/", measures.indicator_compare, name="indicator_compare"),
    # Editors and above
    path("actions/<int:pk>/update/", status.action_update_status, name="action_update_status"),
    path("actions/<int:pk>/edit/", action_edit.action_edit, name="action_edit"),
    path(
        "actions/<int:pk>/board-decision/",
        board_decision.action_ask_board,
        name="action_ask_board",
    ),
    path(
        "actions/<int:pk>/board-outcome/",
        board_decision.action_board_outcome,
        name="action_board_outcome",
    ),
    # Borough admins: who keeps the action up to date (Action.editor).
    path("actions/<int:pk>/kept-up-to-date-by/", action_edit.action_editor, name="action_editor"),
    path("actions/<int:pk>/milestones/add/", milestones.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/achieve/", milestones.milestone_achieve, name="milestone_achieve"),
    path("milestones/<int:pk>/edit/", milestones.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/delete/", milestones.milestone_delete, name="milestone_delete"),
    path("measures/<int:pk>/values/add/", milestones.measure_value_add, name="measure_value_add"),
    path("plans/<int:pk>/measures/add/", measures.measure_add, name="measure_add"),
    path("measures/<int:pk>/edit/", measures.measure_edit, name="measure_edit"),
    path("measure-values/<int:pk>/edit/", measures.measure_value_edit, name="measure_value_edit"),
    # Borough admins
    path(
        "boroughs/<slug:slug>/measure-settings/", measures.measure_settings, name="measure_settings"
    ),
    path("plans/<int:pk>/structure/", structure.plan_structure, name="plan_structure"),
    path("plans/<int:pk>/priorities/add/", structure.priority_add, name="priority_add"),
    path("priorities/<int:pk>/edit/", structure.priority_edit, name="priority_edit"),
    path("priorities/<int:pk>/objectives/add/", structure.objective_add, name="objective_add"),
    path("objectives/<int:pk>/edit/", structure.objective_edit, name="objective_edit"),
    path("priorities/<int:pk>/actions/add/", structure.action_add, name="action_add"),
]
