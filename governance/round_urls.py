"""Reporting rounds and the officers' updates for them (boards live in reports/urls.py)."""

from django.urls import path

from governance import review_views, round_views, update_views

urlpatterns = [
    # Reporting rounds: the list, a round's dashboard (editors), managing it (admins).
    path("rounds/", round_views.round_list, name="round_list"),
    path("boroughs/<slug:slug>/rounds/open/", round_views.round_open, name="round_open"),
    path("boroughs/<slug:slug>/rounds/review/", round_views.review_setting, name="review_setting"),
    path("rounds/<int:pk>/", round_views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/extend/", round_views.round_extend, name="round_extend"),
    path("rounds/<int:pk>/advance/", round_views.round_advance, name="round_advance"),
    # Officers' updates for a round, and their review.
    path("rounds/<int:pk>/next/", update_views.round_next, name="round_next"),
    path("rounds/<int:pk>/update/", update_views.round_update, name="round_update"),
    path("rounds/<int:pk>/bulk/", update_views.round_bulk, name="round_bulk"),
    path("rounds/<int:pk>/reviews/", review_views.review_queue, name="review_queue"),
    path("updates/<int:pk>/review/", review_views.update_review, name="update_review"),
]
