from django.contrib import admin

from press.models import Phone, PressContact


class PhoneInline(admin.TabularInline):
    model = Phone
    extra = 1
    fields = ["number", "kind", "order"]


@admin.register(PressContact)
class PressContactAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "email", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "position", "email"]
    inlines = [PhoneInline]
