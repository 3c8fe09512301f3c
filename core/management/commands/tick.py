import json

from django.core.management.base import BaseCommand

from core.tick import run_ticks


class Command(BaseCommand):
    help = (
        "Find deadline breaches, due follow-ups and other timed work; send queued emails. Run every minute."
    )

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(json.dumps(run_ticks(), ensure_ascii=False))
