"""Keeping the index in step with the page tree.

Only live pages inside a site and without a view restriction on them or an ancestor are indexed;
everything else is removed. The database index (`SearchDocument`, `SearchTerm`) is always written,
whatever the backend: it is the source of highlighted snippets and the fallback when Elasticsearch
is down. Elasticsearch, when configured, receives the same documents (search/backends/elasticsearch.py).

Publishing must never fail because search fails: the signal receivers (search/signals.py) catch
and log every error, and write inside a savepoint so a failed write does not spoil the publisher's
transaction.
"""

import logging
from collections import Counter
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.html import strip_tags
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index as wagtail_index

from search.chinese import index_tokens, is_han, pinyin_keys
from search.models import PushedNoticeDocument, SearchDocument, SearchTerm

logger = logging.getLogger(__name__)

# Child objects (service-guide materials and steps, attachment titles) are part of what a page says.
CHILD_TEXT_FIELDS = (models.CharField, models.TextField)
MAX_TERM_LENGTH = 64


@dataclass
class SiteContext:
    """What every page of one site shares in the index: the site and its org units."""

    site_id: int | None
    root_path: str
    org_unit_id: int | None
    street_id: int | None
    district_id: int | None


class SiteDirectory:
    """Sites with their org units, read once (four queries) for a whole indexing run.

    `for_page_path` limits it to the sites whose root is the page or one of its ancestors,
    so indexing one page does not read every site of the network.
    """

    def __init__(self, for_page_path=None):
        from cms.orgs.models import OrgUnit

        sites = Site.objects.select_related("root_page")
        if for_page_path is not None:
            sites = sites.filter(root_page__path__in=tree_prefixes(for_page_path, Page.steplen))
        sites = list(sites)
        unit_by_root = root_org_units([site.root_page_id for site in sites])
        units = {unit.pk: unit for unit in OrgUnit.objects.filter(pk__in=set(unit_by_root.values()))}
        ancestor_paths = {prefix for unit in units.values() for prefix in tree_prefixes(unit.path, OrgUnit.steplen)}
        ancestors = {unit.path: unit for unit in OrgUnit.objects.filter(path__in=ancestor_paths)}
        self.contexts = []
        for site in sites:
            unit = units.get(unit_by_root.get(site.root_page_id))
            chain = [ancestors[prefix] for prefix in tree_prefixes(unit.path, OrgUnit.steplen)] if unit else []
            street = next((u for u in chain if u.level == "street"), None)
            district = next((u for u in chain if u.level == "district"), None)
            self.contexts.append(
                SiteContext(
                    site_id=site.pk,
                    root_path=site.root_page.path,
                    org_unit_id=unit.pk if unit else None,
                    street_id=street.pk if street else None,
                    district_id=district.pk if district else None,
                )
            )
        # Longest root first, so a site nested inside another's tree wins for its own pages.
        self.contexts.sort(key=lambda context: len(context.root_path), reverse=True)

    def for_path(self, path):
        return next((context for context in self.contexts if path.startswith(context.root_path)), None)


def tree_prefixes(path, steplen):
    """The paths of a tree node and all its ancestors (materialised paths)."""
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def root_org_units(root_page_ids):
    """{root page id: org unit id} for site roots whose page type has an `org_unit` (the site homes)."""
    from wagtail.models import get_page_models

    found = {}
    for model in get_page_models():
        if model._meta.abstract or model._meta.proxy:
            continue
        if any(field.name == "org_unit" for field in model._meta.local_fields):
            found.update(model.objects.filter(pk__in=root_page_ids).values_list("pk", "org_unit_id"))
    return found


def restricted_paths():
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def is_restricted(path, restricted):
    return any(path.startswith(prefix) for prefix in restricted)


def page_text(page):
    """The plain text a page says, from its model's Wagtail `search_fields` and its child objects."""
    parts = []
    for field in type(page).get_search_fields():
        if isinstance(field, wagtail_index.SearchField) and field.field_name != "title":
            parts.append(_as_text(field.get_value(page)))
        elif isinstance(field, wagtail_index.RelatedFields):
            related = field.get_value(page)
            objects = related.all() if hasattr(related, "all") else [related] if related is not None else []
            for item in objects:
                for sub_field in field.fields:
                    if isinstance(sub_field, wagtail_index.SearchField):
                        parts.append(_as_text(sub_field.get_value(item)))
    for relation in child_relations(type(page)):
        for child in getattr(page, relation.get_accessor_name()).all():
            for child_field in child._meta.concrete_fields:
                if isinstance(child_field, CHILD_TEXT_FIELDS) and not child_field.choices:
                    parts.append(_as_text(getattr(child, child_field.attname)))
    return "\n".join(part for part in parts if part)


def child_relations(model):
    """Child relations the page type itself declares (not Page's own, such as editors' comments)."""
    return [relation for relation in get_all_child_relations(model) if relation.model is not Page]


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "\n".join(_as_text(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(_as_text(item) for item in value.values())
    return strip_tags(str(value)).strip()


def joined(tokens):
    """Tokens joined by spaces with a space at both ends, so a whole token is `% token %`."""
    return f" {' '.join(tokens)} " if tokens else ""


def build_document(page, context):
    """An unsaved SearchDocument for a live, public, specific page."""
    text = page_text(page)
    return SearchDocument(
        page_id=page.pk,
        path=page.path,
        site_id=context.site_id,
        org_unit_id=context.org_unit_id,
        street_id=context.street_id,
        district_id=context.district_id,
        content_type_id=page.content_type_id,
        title=page.title[:255],
        text=text,
        title_tokens=joined(index_tokens(page.title)),
        body_tokens=joined(index_tokens(text)),
        published_at=page.last_published_at or page.first_published_at,
        expires_on=getattr(page, "valid_until", None),
    )


def vocabulary(document):
    """The Han words of a document worth a pinyin entry (two characters or more)."""
    words = set(document.title_tokens.split()) | set(document.body_tokens.split())
    return {word for word in words if len(word) >= 2 and len(word) <= MAX_TERM_LENGTH and is_han(word)}


def term_rows(counts):
    rows = []
    for word, count in counts.items():
        full, initials = pinyin_keys(word)
        rows.append(SearchTerm(word=word, pinyin=full[:255], initials=initials[:64], frequency=count))
    return rows


# ---------------------------------------------------------------- one page at a time (signals)
def index_page(page, *, directory=None, restricted=None):
    """Index the page as it is live in the database now, or remove it when it must not be found.

    Re-reads the page: an in-memory instance may carry draft changes (Wagtail's edit view saves
    the draft's values on the object it holds), and drafts must never reach the index.
    """
    live_page = Page.objects.filter(pk=page.pk).first()
    live_page = live_page.specific if live_page is not None else None
    restricted = restricted_paths() if restricted is None else restricted
    context = None
    if live_page is not None and live_page.live and live_page.depth > 1:
        if not is_restricted(live_page.path, restricted):
            context = (directory or SiteDirectory(for_page_path=live_page.path)).for_path(live_page.path)
    if context is None:
        remove_page(page.pk)
        return None
    document = build_document(live_page, context)
    with transaction.atomic():
        save_index_row(document, key="page_id")
        new_words = vocabulary(document)
        SearchTerm.objects.bulk_create(term_rows(dict.fromkeys(new_words, 1)), ignore_conflicts=True)
    from search.backends import elasticsearch_backend

    backend = elasticsearch_backend()
    if backend is not None:
        backend.index_documents([document])
    return document


def remove_page(page_id):
    SearchDocument.objects.filter(page_id=page_id).delete()
    from search.backends import elasticsearch_backend

    backend = elasticsearch_backend()
    if backend is not None:
        backend.delete_documents([page_id])


def index_subtree(page):
    """Re-index a page and everything below it (after a move or a change of view restriction)."""
    directory = SiteDirectory()
    restricted = restricted_paths()
    for descendant in Page.objects.descendant_of(page, inclusive=True).order_by("path"):
        index_page(descendant, directory=directory, restricted=restricted)


# ---------------------------------------------------------------- pushed notices (sites.models.PushedNotice)
def target_areas(target_paths):
    """{target path: (street id, district id)}: the target's own street and district, if any (one query)."""
    from cms.orgs.models import OrgLevel, OrgUnit

    prefixes = {prefix for path in target_paths for prefix in tree_prefixes(path, OrgUnit.steplen)}
    units = {unit.path: unit for unit in OrgUnit.objects.filter(path__in=prefixes).only("pk", "path", "level")}
    areas = {}
    for path in target_paths:
        chain = [units[prefix] for prefix in tree_prefixes(path, OrgUnit.steplen) if prefix in units]
        street = next((unit.pk for unit in chain if unit.level == OrgLevel.STREET), None)
        district = next((unit.pk for unit in chain if unit.level == OrgLevel.DISTRICT), None)
        areas[path] = (street, district)
    return areas


def build_pushed_document(notice, areas):
    """An unsaved PushedNoticeDocument for a pushed notice (with its `target` loaded)."""
    text = "\n".join(part for part in (_as_text(notice.summary), _as_text(notice.body)) if part)
    street_id, district_id = areas.get(notice.target.path, (None, None))
    return PushedNoticeDocument(
        notice_id=notice.pk,
        target_path=notice.target.path,
        street_id=street_id,
        district_id=district_id,
        title=notice.title[:255],
        text=text,
        title_tokens=joined(index_tokens(notice.title)),
        body_tokens=joined(index_tokens(text)),
        published_at=notice.published_at,
        expires_on=notice.valid_until,
    )


def index_pushed_notice(notice):
    """Index a pushed notice as it is in the database now, or remove it once withdrawn.

    Expired notices keep their row: search filters them out by `expires_on` at query time.
    """
    from search.backends import elasticsearch_backend
    from search.backends.elasticsearch import pushed_id
    from sites.models import PushedNotice

    backend = elasticsearch_backend()
    current = PushedNotice.objects.filter(pk=notice.pk, withdrawn_at__isnull=True).select_related("target").first()
    if current is None:
        PushedNoticeDocument.objects.filter(notice_id=notice.pk).delete()
        if backend is not None:
            backend.delete_documents([pushed_id(notice.pk)])
        return None
    document = build_pushed_document(current, target_areas([current.target.path]))
    with transaction.atomic():
        save_index_row(document, key="notice_id")
        SearchTerm.objects.bulk_create(term_rows(dict.fromkeys(vocabulary(document), 1)), ignore_conflicts=True)
    if backend is not None:
        backend.index_documents([document])
    return document


def update_pushed_notice_index(notice):
    """`index_pushed_notice` for the exchange services: pushing never fails because search fails.

    Runs in a savepoint of the caller's transaction, so the index changes with the notice or not at all.
    """
    try:
        with transaction.atomic():
            index_pushed_notice(notice)
    except Exception:  # noqa: BLE001 - search must never break pushing
        logger.exception("Search index update failed for pushed notice %s", notice.pk)


def iter_pushed_documents():
    """Documents of every pushed notice not withdrawn (expired ones too, as for pages)."""
    from sites.models import PushedNotice

    notices = list(PushedNotice.objects.filter(withdrawn_at__isnull=True).select_related("target").order_by("pk"))
    areas = target_areas({notice.target.path for notice in notices})
    for notice in notices:
        yield build_pushed_document(notice, areas)


# ---------------------------------------------------------------- everything (management command)
def indexable_pages_count():
    return Page.objects.live().filter(depth__gt=1).count()


def iter_documents(batch_size=500, *, progress=None):
    """Build every document, one page type at a time so child objects come prefetched."""
    directory = SiteDirectory()
    restricted = restricted_paths()
    content_type_ids = (
        Page.objects.live().filter(depth__gt=1).values_list("content_type_id", flat=True).distinct().order_by()
    )
    for content_type in ContentType.objects.filter(pk__in=list(content_type_ids)):
        model = content_type.model_class()
        if model is None:
            continue
        pages = model.objects.live().filter(depth__gt=1, content_type=content_type).order_by("path")
        prefetch = [relation.get_accessor_name() for relation in child_relations(model)]
        for page in pages.prefetch_related(*prefetch).iterator(chunk_size=batch_size):
            if progress is not None:
                progress(1)
            if is_restricted(page.path, restricted):
                continue
            context = directory.for_path(page.path)
            if context is not None:
                yield build_document(page, context)


def all_documents(batch_size=500):
    """Every document of the database index, pages then pushed notices (for Elasticsearch)."""
    yield from SearchDocument.objects.order_by("pk").iterator(chunk_size=batch_size)
    yield from PushedNoticeDocument.objects.order_by("pk").iterator(chunk_size=batch_size)


def rebuild_index(*, batch_size=500, progress=None, elasticsearch=True):
    """Rebuild the database index (and Elasticsearch when configured) from the live page tree and
    the pushed notices not withdrawn.

    Returns the number of documents (pages and pushed notices). `progress(n)` is called for every page read.
    """
    counts = Counter()
    total = 0
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        batch = []
        for document in iter_documents(batch_size, progress=progress):
            batch.append(document)
            counts.update(vocabulary(document))
            if len(batch) >= batch_size:
                SearchDocument.objects.bulk_create(batch)
                total += len(batch)
                batch = []
        SearchDocument.objects.bulk_create(batch)
        total += len(batch)
        PushedNoticeDocument.objects.all().delete()
        pushed = list(iter_pushed_documents())
        for document in pushed:
            counts.update(vocabulary(document))
        PushedNoticeDocument.objects.bulk_create(pushed, batch_size=batch_size)
        total += len(pushed)
        SearchTerm.objects.all().delete()
        SearchTerm.objects.bulk_create(term_rows(counts), batch_size=2000)
    if elasticsearch:
        from search.backends import elasticsearch_backend

        backend = elasticsearch_backend()
        if backend is not None:
            backend.rebuild(all_documents(batch_size), raise_errors=True)
    logger.info("Search index rebuilt: %s documents, %s words", total, len(counts))
    return total


def save_index_row(document, *, key):
    """Insert or update the index row of `document` (unsaved, built from its source) by its key."""
    model = type(document)
    model.objects.update_or_create(
        **{key: getattr(document, key)},
        defaults={
            field.attname: getattr(document, field.attname)
            for field in model._meta.concrete_fields
            if field.attname not in (key, "indexed_at")
        },
    )
