"""Search backends: the database (always there, always current) and Elasticsearch (when configured).

Both answer `search(analysed_query, filters, offset=, limit=, match_all=)` with a `BackendResult`:
("page", page id) and ("pushed", pushed notice id) rows in rank order, the total, and facet counts
by id. search/api.py turns that into hits.
"""

from dataclasses import dataclass, field

from django.conf import settings


class SearchBackendUnavailable(Exception):
    """The backend could not be reached or answered with an error; the caller falls back."""


@dataclass
class SearchFilters:
    site_ids: list[int] | None = None
    content_type_ids: list[int] | None = None
    district_ids: list[int] | None = None
    street_ids: list[int] | None = None


@dataclass
class BackendResult:
    rows: list[tuple[str, int, float]]  # (ROW_PAGE or ROW_PUSHED, its id, score), best first
    total: int
    # "site", "district", "street", "content_type" -> {id: number of matching documents}
    facets: dict[str, dict[int, int]] = field(default_factory=dict)


ROW_PAGE = "page"
ROW_PUSHED = "pushed"  # a sites.models.PushedNotice

FACET_FIELDS = {"site": "site_id", "district": "district_id", "street": "street_id", "content_type": "content_type_id"}

_elasticsearch = {}


def database_backend():
    from search.backends.database import DatabaseBackend

    return DatabaseBackend()


def elasticsearch_backend():
    """The Elasticsearch backend when ELASTICSEARCH_URL is set, else None (one client per URL)."""
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if not url:
        return None
    if url not in _elasticsearch:
        from search.backends.elasticsearch import ElasticsearchBackend

        index_name = getattr(settings, "ELASTICSEARCH_INDEX", "cms-pages")
        _elasticsearch[url] = ElasticsearchBackend(url, index_name=index_name)
    return _elasticsearch[url]


def active_backend():
    return elasticsearch_backend() or database_backend()
