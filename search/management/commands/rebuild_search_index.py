"""manage.py rebuild_search_index: rebuild the database index (and Elasticsearch) from the live pages
and the pushed notices."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from search.backends import SearchBackendUnavailable, elasticsearch_backend
from search.indexing import all_documents, indexable_pages_count, rebuild_index


class ProgressBar:
    """A one-line text progress bar on stderr: `[#####-----]  52%  5200/10000  830/s`."""

    def __init__(self, total, stream, width=30, label=""):
        self.total = max(total, 1)
        self.stream = stream
        self.width = width
        self.label = label
        self.done = 0
        self.started = time.monotonic()
        self.last_drawn = 0.0

    def advance(self, count=1):
        self.done += count
        now = time.monotonic()
        if now - self.last_drawn >= 0.2 or self.done >= self.total:
            self.last_drawn = now
            self.draw(now)

    def draw(self, now=None):
        now = now or time.monotonic()
        fraction = min(self.done / self.total, 1.0)
        filled = int(fraction * self.width)
        rate = self.done / max(now - self.started, 1e-6)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label}[{bar}] {fraction:4.0%}  {self.done}/{self.total}  {rate:.0f}/s")
        self.stream.flush()

    def finish(self):
        self.draw()
        self.stream.write("\n")


class Command(BaseCommand):
    help = (
        "Rebuild the search index of all live, public pages and the pushed notices not withdrawn "
        "(database, and Elasticsearch when configured)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")

    def handle(self, *args, **options):
        stream = sys.stderr if not options["no_progress"] else _Silent()
        batch_size = options["batch_size"]
        started = time.monotonic()
        bar = ProgressBar(indexable_pages_count(), stream, label="database      ")
        count = rebuild_index(batch_size=batch_size, progress=bar.advance, elasticsearch=False)
        bar.finish()
        self.stdout.write(f"Database index: {count} documents in {time.monotonic() - started:.1f}s.")
        backend = elasticsearch_backend()
        if backend is not None:
            started = time.monotonic()
            bar = ProgressBar(count, stream, label="elasticsearch ")
            documents = all_documents(batch_size)
            try:
                backend.rebuild(documents, raise_errors=True, progress=bar.advance)
            except SearchBackendUnavailable as error:
                raise CommandError(f"Elasticsearch: {error} (the database index was rebuilt)") from error
            bar.finish()
            self.stdout.write(
                f"Elasticsearch index {backend.index_name}: {count} documents in {time.monotonic() - started:.1f}s."
            )
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} documents."))


class _Silent:
    def write(self, text):
        pass

    def flush(self):
        pass
