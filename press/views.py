from django.views.generic import ListView

from press import queries


class ContactListView(ListView):
    """The public press contacts page: active contacts in their order."""

    template_name = "press/contact_list.html"
    context_object_name = "contacts"

    def get_queryset(self):
        return queries.active_contacts()
