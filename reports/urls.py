from django.urls import path

from reports import board_views, dashboard, home, views

urlpatterns = [
    path("", home.home, name="home"),
    # Boards: a board's page lists its packs and is where an editor asks for one.
    path("boards/", board_views.board_list, name="board_list"),
    path("boards/<int:pk>/", board_views.board_detail, name="board_detail"),
    path("search/", dashboard.search, name="search"),
    path("boroughs/<slug:slug>/dashboard/", dashboard.borough_dashboard, name="borough_dashboard"),
    path("packs/cross-borough/", views.cross_borough_pack, name="cross_borough_pack"),
    path("packs/cross-borough/<int:pk>/", views.cross_pack_detail, name="cross_pack_detail"),
    path(
        "packs/cross-borough/<int:pk>/status.json",
        views.cross_pack_status,
        name="cross_pack_status",
    ),
    path("packs/cross-borough/<int:pk>/download.pdf", views.cross_pack_pdf, name="cross_pack_pdf"),
    path(
        "packs/cross-borough/<int:pk>/download.html",
        views.cross_pack_html_file,
        name="cross_pack_html_file",
    ),
    path("packs/<int:pk>/", views.pack_detail, name="pack_detail"),
    path("packs/<int:pk>/status.json", views.pack_status, name="pack_status"),
    path("packs/<int:pk>/pack/", views.pack_html, name="pack_html"),
    path("packs/<int:pk>/download.pdf", views.pack_pdf, name="pack_pdf"),
    path("packs/<int:pk>/download.html", views.pack_html_file, name="pack_html_file"),
    path("packs/<int:pk>/charts/<slug:name>.svg", views.pack_chart, name="pack_chart"),
]
