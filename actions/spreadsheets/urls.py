from django.urls import path

from actions.spreadsheets import grid_views, views

urlpatterns = [
    path("plans/<int:pk>/import/", views.plan_import, name="plan_import"),
    path("plans/<int:pk>/import/confirm/", views.plan_import_confirm, name="plan_import_confirm"),
    path("plans/<int:pk>/import/map/", views.plan_import_map, name="plan_import_map"),
    path("plans/<int:pk>/import/grid/", grid_views.plan_import_grid, name="plan_import_grid"),
    path("plans/<int:pk>/export/", views.plan_export, name="plan_export"),
    path("boroughs/<slug:slug>/import/", views.borough_import, name="borough_import"),
    path(
        "boroughs/<slug:slug>/import/confirm/",
        views.borough_import_confirm,
        name="borough_import_confirm",
    ),
    path("boroughs/<slug:slug>/import/map/", views.borough_import_map, name="borough_import_map"),
    path(
        "boroughs/<slug:slug>/import/grid/",
        grid_views.borough_import_grid,
        name="borough_import_grid",
    ),
    path("import/template.xlsx", views.import_template, name="import_template"),
]
