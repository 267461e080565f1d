from django.urls import path

from actions import views

urlpatterns = [
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("actions/", views.action_list, name="action_list"),
    path("actions/export.csv", views.action_export_csv, name="action_export_csv"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
]
