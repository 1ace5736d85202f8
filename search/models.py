"""The search index as our own tables, kept in sync from Wagtail's page signals (search/indexing.py).

Why our own table instead of bending Wagtail's search backend: Chinese needs segmentation before
any full-text engine sees the text, and facets need the site, district, street and content type on
every row. `SearchDocument` holds exactly that, one row per live, public page:

- `title_tokens` / `body_tokens`: jieba tokens joined by spaces (with a leading and trailing space,
  so `LIKE '% 低保 %'` matches whole tokens on SQLite);
- on PostgreSQL a generated `search_vector tsvector` column over those tokens with the 'simple'
  configuration (no stemming: the tokens are already words) and a GIN index, added by migration 0002;
- the site and its org units for scoping and facets; the plain text for highlighted snippets.

`PushedNoticeDocument` is the same for a notice a street, district or the city pushed down
(sites.models.PushedNotice): one row per push, not per community, holding the target unit's tree
path; a site's search finds it when that path is a prefix of the site's own unit's path, and the
network search finds it once.

`SearchTerm` is the vocabulary of the index with its pinyin, so `dibao` and `db` find 低保.
`SynonymGroup` is the synonym table staff edit in the admin (低保 ⇄ 最低生活保障).
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

SYNONYM_SEPARATORS = re.compile(r"[\s,，、;；/|]+")


class IndexedText(models.Model):
    """What both kinds of index row hold for matching, ranking and snippets."""

    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("text"), blank=True)
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # A notice's last day (its `valid_until`): after it the notice leaves search as it leaves lists.
    expires_on = models.DateField(null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SearchDocument(IndexedText):
    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("page")
    )
    path = models.CharField(_("tree path"), max_length=255, db_index=True)
    site = models.ForeignKey(
        "wagtailcore.Site", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("site")
    )
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("org unit")
    )
    street = models.ForeignKey(
        "orgs.OrgUnit", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("street")
    )
    district = models.ForeignKey(
        "orgs.OrgUnit", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("district")
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+", verbose_name=_("content type")
    )

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return self.title


class PushedNoticeDocument(IndexedText):
    """A current pushed notice in the index; withdrawing the notice deletes the row."""

    notice = models.OneToOneField(
        "community_sites.PushedNotice",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name=_("pushed notice"),
    )
    # The target unit's tree path: the notice reaches every site whose unit path starts with it.
    target_path = models.CharField(_("tree path of the target"), max_length=255, db_index=True)
    street = models.ForeignKey(
        "orgs.OrgUnit", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("street")
    )
    district = models.ForeignKey(
        "orgs.OrgUnit", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("district")
    )

    class Meta:
        verbose_name = _("pushed notice in the index")
        verbose_name_plural = _("pushed notices in the index")

    def __str__(self):
        return self.title


class SearchTerm(models.Model):
    """A word of the index with its toneless pinyin and initials (低保: dibao, db)."""

    word = models.CharField(_("word"), max_length=64, unique=True)
    pinyin = models.CharField(_("pinyin"), max_length=255, db_index=True)
    initials = models.CharField(_("initials"), max_length=64, db_index=True)
    frequency = models.PositiveIntegerField(_("documents"), default=1)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self):
        return self.word


class SynonymGroup(models.Model):
    """Words residents use for the same thing; a query for any of them searches for all of them."""

    terms = models.CharField(
        _("words"),
        max_length=500,
        help_text=_("Two or more words that mean the same, separated by commas or spaces, e.g. 低保, 最低生活保障."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["terms"]

    def __str__(self):
        return " ⇄ ".join(self.words())

    def words(self):
        return parse_synonym_words(self.terms)

    def clean(self):
        words = self.words()
        if len(words) < 2:
            raise ValidationError({"terms": _("Enter at least two different words.")})
        too_long = [word for word in words if len(word) > 64]
        if too_long:
            raise ValidationError({"terms": _("A word may have at most 64 characters.")})
        self.terms = ", ".join(words)


def parse_synonym_words(terms):
    """The distinct words of a synonym line, in the order written, normalised like queries."""
    from search.chinese import normalise

    seen = []
    for word in SYNONYM_SEPARATORS.split(normalise(terms)):
        if word and word not in seen:
            seen.append(word)
    return seen
