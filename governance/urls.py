from django.urls import path

from governance import risk_views, views

urlpatterns = [
    path("boards/", views.board_list, name="board_list"),
    path("boards/<int:pk>/", views.board_detail, name="board_detail"),
    path("risks/", risk_views.risk_list, name="risk_list"),
    path("risks/add/", risk_views.risk_add, name="risk_add"),
    path("risks/<int:pk>/edit/", risk_views.risk_edit, name="risk_edit"),
]
