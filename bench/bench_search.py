"""Benchmark of search: query latency (p50/p95) at 100k documents on PostgreSQL, and indexing throughput.

    .venv/bin/python bench/bench_search.py [--documents 100000] [--real-pages 500] [--runs 5] [--keep]

In its own database (`cms_bench_search`, dropped at the end unless --keep):
1. builds a network of community sites and `--real-pages` real service guides and notices, and times
   `rebuild_index()` over them: the whole path (page text, jieba, database rows, vocabulary);
2. adds `--documents` pages (bulk-created page rows, since creating 100k pages one by one would take
   hours) with synthetic Chinese text (Faker zh_CN sentences mixed with the relevance set's service
   phrases), and times segmenting and writing their index rows: indexing throughput at scale;
3. runs the relevance set's resident queries through `search_content` (the full call: analysis,
   backend, facets, hits, highlighting) network-wide and on one site, and prints p50/p95.

Not a test: it prints numbers and never fails on them (see bench/README.md).
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_sites import drop_database, percentile, recreate_database, setup_django  # noqa: E402


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=100_000, help="documents in the index (default 100000)")
    parser.add_argument("--real-pages", type=int, default=500, help="real pages for rebuild_index (default 500)")
    parser.add_argument("--communities", type=int, default=10, help="community sites (default 10)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of every query (default 5)")
    parser.add_argument(
        "--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL without a database name"
    )
    parser.add_argument("--database", default="cms_bench_search", help="scratch database (default cms_bench_search)")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    parser.add_argument("--reuse", action="store_true", help="reuse a database kept by --keep: only time the queries")
    return parser.parse_args()


def build_network(communities):
    from tests.factories import build_network as build

    return build(communities=communities)


def add_real_pages(network, count):
    from tests.search.conftest import add_guide, add_notice
    from tests.search.relevance_set import DOCUMENTS

    documents = list(DOCUMENTS.values())
    for number in range(count):
        kind, title, text = documents[number % len(documents)]
        built = network["sites"][number % len(network["sites"])]
        adder = add_guide if kind == "guide" else add_notice
        adder(built, f"{title}（{number}）", text)


def synthetic_texts(count, seed=7):
    """(title, text) pairs: Faker zh_CN sentences, one in five with a service phrase from the relevance set."""
    from faker import Faker

    from tests.search.relevance_set import DOCUMENTS

    fake = Faker("zh_CN")
    Faker.seed(seed)
    chooser = random.Random(seed)
    phrases = [(title, text) for _, title, text in DOCUMENTS.values()]
    sentences = [fake.sentence(nb_words=12) for _ in range(4000)]
    for _ in range(count):
        body = "".join(chooser.sample(sentences, 6))
        if chooser.random() < 0.2:
            title, text = chooser.choice(phrases)
            yield f"{title}{chooser.randint(1, 999)}", text + body
        else:
            yield chooser.choice(sentences)[:30], body


def bulk_pages(network, count, batch=2000):
    """`count` live pages under the sites' notice lists, written as page rows in bulk (tree paths by hand)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    from sites.models import NoticeIndexPage

    parents = [NoticeIndexPage.objects.child_of(built.home).get() for built in network["sites"]]
    content_type = ContentType.objects.get_for_model(Page)
    locale = Locale.objects.first()
    next_child = {parent.pk: parent.numchild for parent in parents}
    rows = []
    for number in range(count):
        parent = parents[number % len(parents)]
        next_child[parent.pk] += 1
        position = next_child[parent.pk]
        rows.append(
            Page(
                title=f"bench {number}",
                draft_title=f"bench {number}",
                slug=f"bench-{number}",
                content_type=content_type,
                locale=locale,
                live=True,
                path=Page._get_path(parent.path, parent.depth + 1, position),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}bench-{number}/",
            )
        )
        if len(rows) >= batch:
            Page.objects.bulk_create(rows)
            rows = []
    Page.objects.bulk_create(rows)
    for parent in parents:
        Page.objects.filter(pk=parent.pk).update(numchild=next_child[parent.pk])
    return Page.objects.filter(title__startswith="bench ").order_by("pk")


def index_synthetic(pages, texts, batch=1000):
    """Segment and write index rows for the bulk pages, as rebuild_index does: returns seconds."""
    from collections import Counter

    from search.chinese import index_tokens
    from search.indexing import SiteDirectory, joined, term_rows, vocabulary
    from search.models import SearchDocument, SearchTerm

    directory = SiteDirectory()
    counts = Counter()
    started = time.perf_counter()
    rows = []
    for page, (title, text) in zip(pages.iterator(chunk_size=batch), texts, strict=False):
        context = directory.for_path(page.path)
        document = SearchDocument(
            page_id=page.pk,
            path=page.path,
            site_id=context.site_id,
            org_unit_id=context.org_unit_id,
            street_id=context.street_id,
            district_id=context.district_id,
            content_type_id=page.content_type_id,
            title=title,
            text=text,
            title_tokens=joined(index_tokens(title)),
            body_tokens=joined(index_tokens(text)),
            published_at=None,
        )
        counts.update(vocabulary(document))
        rows.append(document)
        if len(rows) >= batch:
            SearchDocument.objects.bulk_create(rows)
            rows = []
    SearchDocument.objects.bulk_create(rows)
    existing = set(SearchTerm.objects.values_list("word", flat=True))
    SearchTerm.objects.bulk_create([row for row in term_rows(counts) if row.word not in existing], batch_size=2000)
    return time.perf_counter() - started


def time_queries(queries, runs, **scope):
    from search.api import search_content

    timings = []
    for query in queries:
        search_content(query, **scope)  # warm the query's caches (segmentation, content types)
        for _ in range(runs):
            started = time.perf_counter()
            search_content(query, **scope)
            timings.append((query, (time.perf_counter() - started) * 1000))
    return timings


def main():
    arguments = parse_arguments()
    database_url = f"{arguments.server}/{arguments.database}"
    if not arguments.reuse:
        recreate_database(arguments.server, arguments.database, reuse=False)
    setup_django(database_url)
    from django.core.management import call_command
    from django.db import connection

    print(f"database {arguments.database}: migrating …", flush=True)
    call_command("migrate", verbosity=0)
    try:
        from search.models import SearchDocument
        from tests.search.relevance_set import QUERIES

        if not arguments.reuse:
            build_and_index(arguments)
        total = SearchDocument.objects.count()
        print(f"index: {total} documents")

        queries = list(QUERIES)
        one_site = SearchDocument.objects.exclude(site=None).values_list("site", flat=True).first()
        for label, scope in (("network-wide", {}), ("one site", {"sites": [one_site]})):
            timings = time_queries(queries, arguments.runs, **scope)
            overall = [timing for _, timing in timings]
            print(
                f"search_content {label}: {len(queries)} queries x {arguments.runs} runs, "
                f"p50 {statistics.median(overall):.1f} ms, p95 {percentile(overall, 0.95):.1f} ms, "
                f"max {max(overall):.1f} ms"
            )
            slowest = sorted(timings, key=lambda item: -item[1])[:5]
            print("  slowest: " + ", ".join(f"{query} {timing:.0f} ms" for query, timing in slowest))
    finally:
        connection.close()
        if not arguments.keep and not arguments.reuse:
            drop_database(arguments.server, arguments.database)


def build_and_index(arguments):
    from django.db import connection

    from search.indexing import rebuild_index

    network = build_network(arguments.communities)
    print(f"network: {arguments.communities} community sites; adding {arguments.real_pages} real pages …", flush=True)
    add_real_pages(network, arguments.real_pages)
    started = time.perf_counter()
    indexed = rebuild_index()
    seconds = time.perf_counter() - started
    print(f"rebuild_index over real pages: {indexed} documents in {seconds:.1f}s = {indexed / seconds:.0f} docs/s")

    print(f"bulk-creating {arguments.documents} pages …", flush=True)
    pages = bulk_pages(network, arguments.documents)
    seconds = index_synthetic(pages, synthetic_texts(arguments.documents))
    rate = arguments.documents / seconds
    print(f"segment + write {arguments.documents} documents: {seconds:.1f}s = {rate:.0f} docs/s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE search_searchdocument")
        cursor.execute("VACUUM ANALYZE search_searchterm")
        cursor.execute("VACUUM ANALYZE wagtailcore_page")


if __name__ == "__main__":
    main()
