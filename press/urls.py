from django.urls import path

from pagecache.decorators import public_page
from press import views

app_name = "press"

urlpatterns = [
    path("", public_page(views.ContactListView.as_view()), name="contacts"),
]
