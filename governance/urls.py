"""The governance registers: the risk register, and the flat register imports and exports."""

from django.urls import path

from governance import board_admin_views, flat_views, key_message_views, risk_views

urlpatterns = [
    path("risks/", risk_views.risk_list, name="risk_list"),
    path("risks/add/", risk_views.risk_add, name="risk_add"),
    path("risks/<int:pk>/edit/", risk_views.risk_edit, name="risk_edit"),
    path(
        "boards/<int:pk>/key-messages/",
        key_message_views.key_messages_edit,
        name="key_messages_edit",
    ),
    path("boroughs/<slug:slug>/boards/new/", board_admin_views.board_new, name="board_new"),
    path("boards/<int:pk>/edit/", board_admin_views.board_edit, name="board_edit"),
    path("boards/<int:pk>/meetings/", board_admin_views.board_meetings, name="board_meetings"),
    path("boards/<int:pk>/members/", board_admin_views.board_members, name="board_members"),
    path("boroughs/<slug:slug>/registers/", flat_views.flat_index, name="flat_index"),
    path(
        "boroughs/<slug:slug>/registers/<str:kind>/export/",
        flat_views.flat_export_view,
        name="flat_export",
    ),
    path(
        "boroughs/<slug:slug>/registers/<str:kind>/import/",
        flat_views.flat_import_view,
        name="flat_import",
    ),
    path(
        "boroughs/<slug:slug>/registers/<str:kind>/import/confirm/",
        flat_views.flat_import_confirm,
        name="flat_import_confirm",
    ),
]
