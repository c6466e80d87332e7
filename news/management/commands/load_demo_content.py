from django.core.management.base import BaseCommand

from news.demo_content import load_demo_content


class Command(BaseCommand):
    help = "Create or restore the demo sections, press contact and items (safe to run again)."

    def handle(self, *args, **options):
        items = load_demo_content()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {len(items)} items."))
