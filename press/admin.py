from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from press.models import Phone, PressContact


class PhoneInline(admin.TabularInline):
    model = Phone
    extra = 1
    fields = ["number", "kind", "order"]


@admin.register(PressContact)
class PressContactAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "name_ru", "position_ru", "email", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "position", "name_ru", "position_ru", "email"]
    fieldsets = [
        (_("English"), {"fields": ["position", "name"]}),
        (_("Russian"), {"fields": ["position_ru", "name_ru"]}),
        (None, {"fields": ["email", "order", "is_active"]}),
    ]
    inlines = [PhoneInline]
