from django.urls import path

from press import views

app_name = "press"

urlpatterns = [
    path("", views.ContactListView.as_view(), name="contacts"),
]
