"""URLs of the officer-facing write pages (views in actions/edit_views.py).

Editors and above: status updates, action edits, milestones, measure values.
Borough admins: plan structure.
"""

from django.urls import path

from actions import edit_views as views

urlpatterns = [
    path("actions/<int:pk>/update/", views.action_update_status, name="action_update_status"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/milestones/add/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/achieve/", views.milestone_achieve, name="milestone_achieve"),
    path("measures/<int:pk>/values/add/", views.measure_value_add, name="measure_value_add"),
    path("plans/<int:pk>/structure/", views.plan_structure, name="plan_structure"),
    path("plans/<int:pk>/priorities/add/", views.priority_add, name="priority_add"),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="priority_edit"),
    path("priorities/<int:pk>/objectives/add/", views.objective_add, name="objective_add"),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective_edit"),
    path("priorities/<int:pk>/actions/add/", views.action_add, name="action_add"),
]
