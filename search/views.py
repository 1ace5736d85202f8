"""The public search page of every site (/search/) and the autocomplete endpoint for kiosks.

On a community site the search stays on that site; on the portal it covers the whole network and
offers the site, district and street facets as filters.
"""

from django.http import JsonResponse
from django.shortcuts import render
from wagtail.models import Site

from search.api import search_content
from search.selectors import is_portal, suggest_words

PER_PAGE = 10


def _ids(request, name):
    values = [value for value in request.GET.getlist(name) if value.isdigit()]
    return [int(value) for value in values] or None


def _page_number(request):
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 10000 else 1


def search_page(request):
    site = Site.find_for_request(request)
    portal = site is not None and is_portal(site)
    query = request.GET.get("q", "")
    content_type = request.GET.get("type") or None
    if portal:
        sites = _ids(request, "site")
    else:
        sites = [site.pk] if site is not None else []
    results = search_content(
        query,
        sites=sites,
        content_types=[content_type] if content_type else None,
        page=_page_number(request),
        per_page=PER_PAGE,
        districts=_ids(request, "district") if portal else None,
        streets=_ids(request, "street") if portal else None,
    )
    facet_names = ["content_type", "site", "district", "street"] if portal else ["content_type"]
    selected = {
        "content_type": [content_type] if content_type else [],
        "site": request.GET.getlist("site"),
        "district": request.GET.getlist("district"),
        "street": request.GET.getlist("street"),
    }
    facets = [
        {
            "name": name,
            "parameter": "type" if name == "content_type" else name,
            "entries": [
                {"value": value, "label": label, "count": count, "selected": value in selected[name]}
                for value, label, count in results.facets.get(name, [])
            ],
            "filtered": bool(selected[name]),
        }
        for name in facet_names
        if results.facets.get(name) or selected[name]
    ]
    return render(
        request,
        "search/search_page.html",
        {
            "query": query.strip(),
            "results": results,
            "facets": facets,
            "is_portal": portal,
            "current_site": site,
            "first_number": (results.page - 1) * results.per_page + 1,
        },
    )


def suggestions(request):
    """Words for the kiosk keyboard's autocomplete: 'db' or 'diba' -> 低保 (JSON)."""
    words = suggest_words(request.GET.get("q", ""))
    response = JsonResponse({"suggestions": [{"word": word, "pinyin": pinyin} for word, pinyin in words]})
    response["Cache-Control"] = "public, max-age=300"
    return response
