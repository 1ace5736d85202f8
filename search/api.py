"""The one entry point every caller (site search pages, the portal, GraphQL) uses to search public content.

The signature is the contract; the implementation behind it (Chinese analysis, backends) may change.

How a search runs: the query is analysed (search/query.py: segmentation, synonyms, pinyin, typos),
the active backend (Elasticsearch when ELASTICSEARCH_URL is set, else the database) is asked for
the documents matching every group; if none match all, for those matching any group. When
Elasticsearch fails, the database backend answers and the error is logged. Hits are then built
from the database index (titles and text for highlighting), the live pages and the current pushed
notices (with their address on a site they reach: search/pushed.py), in a fixed number of queries
whatever the page size.
"""

import logging
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from search.backends import (
    ROW_PAGE,
    ROW_PUSHED,
    SearchBackendUnavailable,
    SearchFilters,
    active_backend,
    database_backend,
)
from search.highlight import mark, snippet, word_pattern
from search.query import analyse_query

logger = logging.getLogger(__name__)


@dataclass
class SearchHit:
    page: Page | None  # the specific page, live and public; None for a pushed notice
    site: Site | None
    title_html: str  # title with matches wrapped in <mark>, HTML-escaped otherwise
    snippet_html: str  # a short excerpt with matches wrapped in <mark>
    score: float = 0.0
    # A notice pushed down by a street, district or the city (sites.models.PushedNotice, current,
    # with its `sender` loaded); `url`/`local_url` are its address on `site` (absolute / path).
    pushed_notice: object | None = None
    url: str | None = None
    local_url: str | None = None

    @property
    def title(self):
        return self.pushed_notice.title if self.pushed_notice is not None else self.page.title

    @property
    def source(self):
        """Who sent a pushed notice (the street, district or city's name); None for pages."""
        return self.pushed_notice.sender.name if self.pushed_notice is not None else None


@dataclass
class SearchResults:
    query: str
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    # facet name ("site", "district", "street", "content_type") -> list of (value, label, count)
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    backend: str = ""  # which backend answered ("database", "elasticsearch")
    matched_all_words: bool = True  # False when no page had every word and any word was enough

    @property
    def num_pages(self):
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self):
        return self.page < self.num_pages

    @property
    def has_previous(self):
        return self.page > 1


MAX_PER_PAGE = 50
MAX_QUERY_LENGTH = 100  # a kiosk keyboard query; longer input is cut, not refused


def content_type_ids(labels):
    """ContentType ids for "app_label.ModelName" strings (unknown labels are ignored)."""
    ids = []
    for label in labels:
        app_label, _, model = label.partition(".")
        try:
            ids.append(ContentType.objects.get_by_natural_key(app_label, model.lower()).pk)
        except ContentType.DoesNotExist:
            continue
    return ids


def _ids(values):
    return [getattr(value, "pk", value) for value in values] if values is not None else None


def search_content(
    query: str,
    *,
    sites: list[Site] | None = None,
    content_types: list[str] | None = None,
    page: int = 1,
    per_page: int = 10,
    districts: list | None = None,
    streets: list | None = None,
) -> SearchResults:
    """Live, public pages and current pushed notices matching `query`, limited to `sites` (None: the
    whole network, where a pushed notice is one hit however many communities it reaches).

    `content_types` are "app_label.ModelName" strings; `districts` and `streets` are OrgUnits
    (or their ids) and narrow to the sites below them; `per_page` is capped at MAX_PER_PAGE.
    """
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    page = max(1, int(page))
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    empty = SearchResults(query=query, hits=[], total=0, page=page, per_page=per_page)
    if not query:
        return empty
    analysed = analyse_query(query)
    if analysed.is_empty:
        return empty
    filters = SearchFilters(
        site_ids=_ids(sites),
        content_type_ids=content_type_ids(content_types) if content_types is not None else None,
        district_ids=_ids(districts),
        street_ids=_ids(streets),
    )
    offset = (page - 1) * per_page
    backend = active_backend()
    matched_all = True
    try:
        result = backend.search(analysed, filters, offset=offset, limit=per_page, match_all=True)
        if result.total == 0 and len(analysed.groups) > 1:
            matched_all = False
            result = backend.search(analysed, filters, offset=offset, limit=per_page, match_all=False)
    except SearchBackendUnavailable as error:
        logger.error("Search backend %s unavailable, answering from the database: %s", backend.name, error)
        backend = database_backend()
        result = backend.search(analysed, filters, offset=offset, limit=per_page, match_all=True)
        if result.total == 0 and len(analysed.groups) > 1:
            matched_all = False
            result = backend.search(analysed, filters, offset=offset, limit=per_page, match_all=False)
    return SearchResults(
        query=query,
        hits=build_hits(result.rows, analysed, site_ids=filters.site_ids),
        total=result.total,
        page=page,
        per_page=per_page,
        facets=facet_labels(result.facets),
        backend=backend.name,
        matched_all_words=matched_all,
    )


def build_hits(rows, analysed, site_ids=None):
    """Hits in rank order: highlighted title and snippet from the index, the specific live page or
    the current pushed notice (linked on a site of `site_ids`, or any site it reaches when None).

    Rows whose document is gone, whose page is no longer live and public, or whose pushed notice was
    withdrawn or has expired are dropped.
    """
    from search.backends.database import DatabaseBackend
    from search.models import PushedNoticeDocument
    from search.pushed import pushed_notice_links
    from sites.models import PushedNotice

    if not rows:
        return []
    page_ids = [key for kind, key, _ in rows if kind == ROW_PAGE]
    pushed_ids = [key for kind, key, _ in rows if kind == ROW_PUSHED]
    documents, pages, sites = {}, {}, {}
    if page_ids:
        documents = {
            document.page_id: document
            for document in DatabaseBackend()
            .documents(SearchFilters())
            .filter(page_id__in=page_ids)
            .only("page_id", "title", "text", "site_id")
        }
        pages = {page.pk: page for page in Page.objects.filter(pk__in=documents).live().specific()}
        sites = Site.objects.in_bulk({document.site_id for document in documents.values() if document.site_id})
    pushed_documents, pushed_notices, links = {}, {}, {}
    if pushed_ids:
        pushed_documents = PushedNoticeDocument.objects.only("notice_id", "title", "text", "target_path").in_bulk(
            pushed_ids
        )
        pushed_notices = PushedNotice.objects.current().select_related("sender").in_bulk(pushed_documents)
        links = pushed_notice_links({pk: pushed_documents[pk].target_path for pk in pushed_notices}, site_ids)
    pattern = word_pattern(analysed.highlight_words())
    hits = []
    for kind, key, score in rows:
        if kind == ROW_PUSHED:
            document, notice, link = pushed_documents.get(key), pushed_notices.get(key), links.get(key)
            if document is None or notice is None or link is None:
                continue
            hits.append(
                SearchHit(
                    page=None,
                    site=link.site,
                    title_html=mark(document.title, pattern),
                    snippet_html=snippet(document.text, pattern),
                    score=score,
                    pushed_notice=notice,
                    url=link.url,
                    local_url=link.local_url,
                )
            )
            continue
        document = documents.get(key)
        found_page = pages.get(key)
        if document is None or found_page is None:
            continue
        hits.append(
            SearchHit(
                page=found_page,
                site=sites.get(document.site_id),
                title_html=mark(document.title, pattern),
                snippet_html=snippet(document.text, pattern),
                score=score,
            )
        )
    return hits


def facet_labels(facets):
    """Facet counts by id -> (value, label, count) lists, largest first; one query per kind of label."""
    from cms.orgs.models import OrgUnit

    labelled = {}
    unit_ids = set(facets.get("district", {})) | set(facets.get("street", {}))
    unit_names = dict(OrgUnit.objects.filter(pk__in=unit_ids).values_list("pk", "name")) if unit_ids else {}
    site_ids = set(facets.get("site", {}))
    site_names = dict(Site.objects.filter(pk__in=site_ids).values_list("pk", "site_name")) if site_ids else {}
    for name, counts in facets.items():
        entries = []
        for value, count in counts.items():
            if name == "site":
                label = site_names.get(value)
            elif name == "content_type":
                content_type = ContentType.objects.get_for_id(value)
                model = content_type.model_class()
                label = str(model._meta.verbose_name) if model else content_type.model
                value = f"{content_type.app_label}.{model.__name__ if model else content_type.model}"
            else:
                label = unit_names.get(value)
            if label is None:
                continue
            entries.append((str(value), str(label), count))
        labelled[name] = sorted(entries, key=lambda entry: (-entry[2], entry[1]))
    return labelled
