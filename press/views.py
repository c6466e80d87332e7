from django.views.generic import ListView

from press.models import PressContact


class ContactListView(ListView):
    """The public press contacts page: active contacts in their order."""

    template_name = "press/contact_list.html"
    context_object_name = "contacts"

    def get_queryset(self):
        return PressContact.objects.active().with_phones()
