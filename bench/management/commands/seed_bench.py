"""Fill the database with N published items (and a few drafts) for the benchmark.

Items are made in bulk (`bulk_create` in batches), so 1,000,000 rows take minutes on
PostgreSQL; their words come from a fixed vocabulary with a fixed seed, so two runs with the
same N hold the same text. Running it again with the same N does nothing.
"""

import datetime
import random
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from news.demo_content import load_press_secretary, load_sections
from news.maintenance import maintain
from news.models import Item
from news.search import INDEX_SQL
from pagecache.state import raise_version

WORDS = (  # noqa: SIM905 - a sentence is easier to read than a list of words
    "collective security treaty organization secretary general council ministers defence "
    "foreign affairs cooperation member states exercise peacekeeping forces meeting "
    "summit statement commentary press delegation moscow minsk yerevan astana bishkek "
    "dushanbe border terrorism drugs migration cyber training staff headquarters "
    "agreement session parliamentary assembly crisis response regional stability "
    "partnership dialogue visit"
).split()
# What the benchmark searches for: a specific word (a name) in the titles of 50 items
# whatever N, as most readers' searches are; and a common one, in one item in a hundred.
RARE_WORD, RARE_ITEMS = "tasmagambetov", 50
COMMON_WORD = "kazakhstan"
DRAFTS = 25
BATCH = 5000
SPAN = datetime.timedelta(days=20 * 365)  # the items are spread over twenty years


class Command(BaseCommand):
    help = "Fill the database with N published items for the benchmark (idempotent per N)."

    def add_arguments(self, parser):
        parser.add_argument("items", type=int, nargs="?", default=10_000)

    def handle(self, *args, items, **options):
        published = Item.objects.filter(status=Item.Status.PUBLISHED)
        rare = published.filter(title__contains=RARE_WORD)
        if published.count() == items and rare.count() == min(items, RARE_ITEMS):
            self.stdout.write(f"{items} published items already there")
            maintain()
            return
        started = time.monotonic()
        with transaction.atomic():
            if connection.vendor == "postgresql":  # a million rows: no row-by-row delete
                with connection.cursor() as cursor:
                    cursor.execute("TRUNCATE news_item CASCADE")
            else:
                Item.objects.all().delete()
            sections = list(load_sections().values())
            contact = load_press_secretary()
        postgres = connection.vendor == "postgresql"
        if postgres:  # one index build at the end beats a million index updates
            with connection.cursor() as cursor:
                cursor.execute(INDEX_SQL["drop"])
        rng = random.Random(1)
        now = timezone.now()
        step = SPAN / items
        made = 0
        while made < items:
            batch = []
            for number in range(made, min(made + BATCH, items)):
                item = self.item(rng, number, sections, contact, now - step * number, "published")
                if number % max(1, items // RARE_ITEMS) == 0:
                    item.title = f"{item.title} {RARE_WORD}"
                batch.append(item)
            Item.objects.bulk_create(batch)
            made += len(batch)
            self.stdout.write(f"\r{made} items", ending="")
            self.stdout.flush()
        Item.objects.bulk_create(
            self.item(rng, items + number, sections, contact, now, "draft")
            for number in range(DRAFTS)
        )
        if postgres:
            self.stdout.write("\nbuilding the search index")
            with connection.cursor() as cursor:
                cursor.execute(INDEX_SQL["create"])
        maintain()
        raise_version()  # bulk inserts send no signals: cached pages must go
        seconds = time.monotonic() - started
        self.stdout.write(f"\r{items} published items and {DRAFTS} drafts in {seconds:.0f} s")

    def item(self, rng, number, sections, contact, published_at, status):
        title = " ".join(rng.choices(WORDS, k=8)).capitalize()
        if number % 100 == 1:
            title = f"{title} {COMMON_WORD}"
        lead = " ".join(rng.choices(WORDS, k=40)).capitalize() + "."
        body = "".join(
            "<p>" + " ".join(rng.choices(WORDS, k=60)).capitalize() + ".</p>" for _ in range(3)
        )
        return Item(
            section=sections[number % len(sections)],
            title=title,
            slug=f"item-{number}",
            lead=lead,
            body=body,
            published_at=published_at,
            status=status,
            press_contact=contact,
        )
