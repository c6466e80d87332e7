"""Quickly loaded models (cstosite.loading): what is read is what Django's own loading gives."""

import pytest
from django.db.models.base import Model
from django.db.models.signals import post_init
from django.test.utils import isolate_apps

from cstosite.loading import QuickLoaded
from news.models import Item, Section
from press.models import Phone, PressContact
from tests.helpers import make_contact, make_item

pytestmark = pytest.mark.django_db


def django_loaded(model, queryset):
    """The same rows read through Django's own `Model.from_db`."""
    quick = model.from_db
    model.from_db = classmethod(Model.from_db.__func__)
    try:
        return list(queryset.all())
    finally:
        model.from_db = quick


def state(instance, depth=2):
    """An instance as code sees it: its attributes, its saved state, its related objects
    (joined or prefetched), compared the same way down to `depth`."""
    if depth == 0:
        return type(instance), instance.pk
    attributes = {k: v for k, v in instance.__dict__.items() if k != "_state"}
    prefetched = attributes.pop("_prefetched_objects_cache", {})
    return (
        attributes,
        instance._state.adding,
        instance._state.db,
        {name: state(other, depth - 1) for name, other in instance._state.fields_cache.items()},
        {name: [state(other, depth - 1) for other in found] for name, found in prefetched.items()},
    )


@pytest.mark.parametrize(
    "model,queryset",
    [
        (Item, lambda: Item.objects.select_related("section", "press_contact")),
        (Item, lambda: Item.objects.only("title", "section__slug").select_related("section")),
        (Section, lambda: Section.objects.all()),
        (PressContact, lambda: PressContact.objects.prefetch_related("phones")),
        (Phone, lambda: Phone.objects.defer("number")),
    ],
)
def test_instances_are_those_django_would_build(model, queryset, section):
    contact = make_contact(phones=[("+7 495 000-00-00", "tel")])
    make_item(section, press_contact=contact, image="items/photo.jpg", image_alt="A photo")
    quick = list(queryset())
    assert quick and all(not item._state.adding for item in quick)
    expected = django_loaded(model, queryset())
    assert [state(item) for item in quick] == [state(item) for item in expected]


def test_deferred_fields_and_relations_are_read_on_use(section, django_assert_num_queries):
    make_item(section, title="Summit", lead="The lead")
    item = Item.objects.only("title", "section").get()
    with django_assert_num_queries(2):
        assert item.lead == "The lead"
        assert item.section.title == section.title
    assert item.image.name == ""


def test_a_loaded_instance_saves_as_an_update(section):
    item = make_item(section, title="Before")
    loaded = Item.objects.get(pk=item.pk)
    loaded.title = "After"
    loaded.save()
    assert Item.objects.count() == 1
    assert Item.objects.get().title == "After"


@isolate_apps("news")
def test_a_model_with_init_receivers_is_refused():
    class Watched(QuickLoaded):
        class Meta:
            app_label = "news"

    def receiver(**kwargs):
        pass

    post_init.connect(receiver, sender=Watched)
    try:
        assert [error.id for error in Watched.check()] == ["cstosite.E001"]
    finally:
        post_init.disconnect(receiver, sender=Watched)
    assert Watched.check() == []
