"""Make the smaller copies of every item's main image (see news/renditions.py).

Items save their renditions themselves; this is for images stored before that, or after
the widths change. Copies already there are kept, so it can run again at any time.
"""

from django.core.management.base import BaseCommand

from news.models import Item
from news.renditions import image_size, make_renditions
from pagecache.state import raise_version


class Command(BaseCommand):
    help = "Make the resized copies of every item's main image that are missing."

    def handle(self, *args, **options):
        written = 0
        for item in Item.objects.exclude(image="").iterator():
            if not item.image_width:
                width, height = image_size(item.image)
                Item.objects.filter(pk=item.pk).update(image_width=width, image_height=height)
            written += len(make_renditions(item.image))
        raise_version()  # pages cached with the originals show the copies from now on
        self.stdout.write(f"{written} renditions written")
