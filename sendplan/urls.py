from django.contrib import admin
from django.urls import include, path

from sendplan.health import health

# Each app owns its URLs; this file only mounts them.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("", include("boroughs.urls")),  # sign in/out, borough switcher, members
    path("", include("actions.urls")),  # plans, actions, status updates, edits, structure
    path("", include("actions.spreadsheets.urls")),  # import and export of plans
    path("", include("governance.round_urls")),  # reporting rounds and their updates
    path("", include("governance.urls")),  # the risk register and flat registers
    path("", include("reports.urls")),  # home, boards and their packs
    path("", include("reports.public.urls")),  # public pages, open data, co-production
]

# The branded 500 page, drawn without the database (403 and 404 are templates).
handler500 = "sendplan.errors.server_error"
