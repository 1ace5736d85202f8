"""Reads for the search pages: which site is the portal, autocomplete words."""

import re

from django.db.models import Q

from search.chinese import normalise

MAX_SUGGESTIONS = 8
LATIN = re.compile(r"^[a-z]+$")


def is_portal(site):
    """The portal searches the whole network; community sites search themselves."""
    from sites.models import PortalHomePage

    return PortalHomePage.objects.filter(pk=site.root_page_id).exists()


def suggest_words(prefix, limit=MAX_SUGGESTIONS):
    """Index words starting with `prefix`, typed in Chinese, full pinyin or initials, commonest first.

    Returns (word, pinyin) pairs: "db" and "diba" both give 低保.
    """
    from search.models import SearchTerm

    prefix = normalise(prefix).replace(" ", "").strip()[:32]
    if not prefix:
        return []
    if LATIN.match(prefix):
        condition = Q(pinyin__startswith=prefix) | Q(initials__startswith=prefix)
    else:
        condition = Q(word__startswith=prefix)
    terms = SearchTerm.objects.filter(condition).order_by("-frequency", "word")[:limit]
    return [(term.word, term.pinyin) for term in terms]
