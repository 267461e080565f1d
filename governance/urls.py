from django.urls import path

from governance import views

urlpatterns = [
    path("boards/", views.board_list, name="board_list"),
    path("boards/<int:pk>/", views.board_detail, name="board_detail"),
]
