"""The public progress pages, their open data and feed; publishing; co-production."""

from django.urls import path

from reports.public import consent_views, feed, manage_views, partner_views, views

urlpatterns = [
    # Public: no sign-in, stable addresses.
    path("public/<slug:borough>/<slug:plan>/", views.public_plan, name="public_plan"),
    path("public/<slug:borough>/<slug:plan>/data.csv", views.public_csv, name="public_csv"),
    path("public/<slug:borough>/<slug:plan>/data.json", views.public_json, name="public_json"),
    path(
        "public/<slug:borough>/<slug:plan>/datapackage.json",
        views.public_datapackage,
        name="public_datapackage",
    ),
    path("public/<slug:borough>/<slug:plan>/feed.atom", feed.plan_feed, name="public_feed"),
    # Borough admins publish; leads write public summaries.
    path("plans/<int:pk>/public/", manage_views.publishing, name="public_publishing"),
    path("plans/<int:pk>/public/preview/", manage_views.preview, name="public_preview"),
    path("plans/<int:pk>/public/publish/", manage_views.publish, name="public_publish"),
    path(
        "plans/<int:pk>/public/people/<int:person_pk>/consent/",
        manage_views.name_consent,
        name="public_name_consent",
    ),
    # A named owner's own agreement to be named on public pages.
    path("account/public-name/", consent_views.own_name_consent, name="own_name_consent"),
    path("actions/<int:pk>/public-summary/", manage_views.public_summary, name="public_summary"),
    # Co-production partners comment; leads reply.
    path("partner/plans/", partner_views.partner_plans, name="partner_plans"),
    path("partner/plans/<int:pk>/", partner_views.partner_plan, name="partner_plan"),
    path("comments/<int:pk>/reply/", partner_views.comment_reply, name="comment_reply"),
]
