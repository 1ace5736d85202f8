"""The one entry point every caller (site search pages, the portal, GraphQL) uses to search public content.

The signature is the contract; the implementation behind it (Chinese analysis, backends) may change.
"""

from dataclasses import dataclass, field

from wagtail.models import Page, Site


@dataclass
class SearchHit:
    page: Page  # the specific page, live and public
    site: Site | None
    title_html: str  # title with matches wrapped in <mark>, HTML-escaped otherwise
    snippet_html: str  # a short excerpt with matches wrapped in <mark>
    score: float = 0.0


@dataclass
class SearchResults:
    query: str
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    # facet name ("site", "district", "street", "content_type") -> list of (value, label, count)
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)


MAX_PER_PAGE = 50


def search_content(
    query: str,
    *,
    sites: list[Site] | None = None,
    content_types: list[str] | None = None,
    page: int = 1,
    per_page: int = 10,
) -> SearchResults:
    """Live, public pages matching `query`, limited to `sites` (None: the whole network).

    `content_types` are "app_label.ModelName" strings; `per_page` is capped at MAX_PER_PAGE.
    Provisional implementation over Wagtail's search; the search app replaces it.
    """
    from django.utils.html import escape

    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    pages = Page.objects.live().public()
    if sites is not None:
        from django.db.models import Q

        condition = Q(pk__in=[])
        for site in sites:
            condition |= Q(path__startswith=site.root_page.path)
        pages = pages.filter(condition)
    query = (query or "").strip()
    if not query:
        return SearchResults(query=query, hits=[], total=0, page=page, per_page=per_page)
    found = list(pages.search(query)[: page * per_page])
    chosen = found[(page - 1) * per_page :]
    hits = [
        SearchHit(page=p.specific, site=None, title_html=escape(p.title), snippet_html="") for p in chosen
    ]
    return SearchResults(query=query, hits=hits, total=len(found), page=page, per_page=per_page)
