from django.contrib import admin

from reports.models import BoardPack


@admin.register(BoardPack)
class BoardPackAdmin(admin.ModelAdmin):
    """Packs are the record of what a board was shown: readable here, never editable."""

    list_display = ["__str__", "borough", "status", "requested_by", "requested_at"]
    list_filter = ["status", "borough"]
    exclude = ["content_json"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
