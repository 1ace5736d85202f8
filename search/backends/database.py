"""Database search over `SearchDocument`.

PostgreSQL: the generated `search_vector` (title tokens weight A, body tokens weight B, 'simple'
configuration) is matched with a `to_tsquery` built from the analysed query and ranked with
`ts_rank`; the GIN index keeps it fast at 100k documents.

SQLite (the embedded run): the same query as `LIKE '% token %'` conditions over the space-joined
tokens, ranked by how many groups match in the title (3) or the body (1). Fine for a demo network.

Results are re-checked against the page tree at query time (live, no view restriction), so a
missed signal can never show a draft or a private page.

Pushed notices (`PushedNoticeDocument`, one row per push) are searched with the same condition and
ranked together with pages in one UNION query; a site's search takes the pushes whose target is the
site's unit or an ancestor of it, the network search takes each push once. Withdrawn (a missed
index update) and expired pushes are filtered out at query time, as pages are.
"""

from django.db import connection
from django.db.models import BooleanField, Case, CharField, Count, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from search.backends import FACET_FIELDS, ROW_PAGE, ROW_PUSHED, BackendResult
from search.indexing import restricted_paths, tree_prefixes
from search.models import PushedNoticeDocument, SearchDocument

TABLE = SearchDocument._meta.db_table
PUSHED_TABLE = PushedNoticeDocument._meta.db_table


def notice_content_type_id():
    """Pushed notices count as notices for the "kind of page" facet and filter."""
    from django.contrib.contenttypes.models import ContentType

    from sites.models import NoticePage

    return ContentType.objects.get_for_model(NoticePage).pk  # cached by Django


def reached_target_paths(site_ids):
    """Tree paths of the units a push may target to reach these sites: each site's unit and its
    ancestors (one query)."""
    from cms.orgs.models import OrgUnit

    unit_paths = OrgUnit.objects.filter(
        Q(communityhomepage__sites_rooted_here__in=site_ids) | Q(portalhomepage__sites_rooted_here__in=site_ids)
    ).values_list("path", flat=True)
    return sorted({prefix for path in unit_paths for prefix in tree_prefixes(path, OrgUnit.steplen)})


def covering_target_paths(unit_ids):
    """Tree paths of the units above these districts or streets: a push to one of them (the city, or
    the district above a street) reaches the area too, though it is filed under no district or street."""
    from cms.orgs.models import OrgUnit

    unit_paths = OrgUnit.objects.filter(pk__in=unit_ids).values_list("path", flat=True)
    return sorted({prefix for path in unit_paths for prefix in tree_prefixes(path, OrgUnit.steplen)[:-1]})


def tsquery_text(analysed, match_all):
    """'低保' | '最低生活保障'  &  '申请' ... ; tokens are \\w+ words, so quoting them is safe."""

    def alternative(tokens):
        body = " & ".join(f"'{token}'" for token in tokens)
        return f"({body})" if len(tokens) > 1 else body

    groups = ["(" + " | ".join(alternative(tokens) for tokens in group.alternatives) + ")" for group in analysed.groups]
    return (" & " if match_all else " | ").join(groups)


def like_condition(analysed, match_all):
    def has(token):
        return Q(title_tokens__contains=f" {token} ") | Q(body_tokens__contains=f" {token} ")

    group_conditions = []
    for group in analysed.groups:
        condition = Q(pk__in=[])
        for tokens in group.alternatives:
            every = Q()
            for token in tokens:
                every &= has(token)
            condition |= every
        group_conditions.append(condition)
    combined = group_conditions[0]
    for condition in group_conditions[1:]:
        combined = (combined & condition) if match_all else (combined | condition)
    return combined


def like_score(analysed):
    terms = []
    for group in analysed.groups:
        in_title = Q(pk__in=[])
        in_body = Q(pk__in=[])
        for tokens in group.alternatives:
            title_every, body_every = Q(), Q()
            for token in tokens:
                title_every &= Q(title_tokens__contains=f" {token} ")
                body_every &= Q(body_tokens__contains=f" {token} ")
            in_title |= title_every
            in_body |= body_every
        terms.append(
            Case(When(in_title, then=Value(3)), When(in_body, then=Value(1)), default=Value(0)),
        )
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


class DatabaseBackend:
    name = "database"

    def documents(self, filters):
        today = timezone.localdate()
        documents = SearchDocument.objects.filter(page__live=True).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )
        for prefix in restricted_paths():
            documents = documents.exclude(path__startswith=prefix)
        if filters.site_ids is not None:
            documents = documents.filter(site_id__in=filters.site_ids)
        if filters.content_type_ids is not None:
            documents = documents.filter(content_type_id__in=filters.content_type_ids)
        if filters.district_ids is not None:
            documents = documents.filter(district_id__in=filters.district_ids)
        if filters.street_ids is not None:
            documents = documents.filter(street_id__in=filters.street_ids)
        return documents

    def pushed_documents(self, filters):
        """Current pushed notices reaching the filtered sites (all of them, once, without a site filter)."""
        today = timezone.localdate()
        # The notice's own columns, not the index's copy: a missed index update cannot show it.
        documents = PushedNoticeDocument.objects.filter(notice__withdrawn_at__isnull=True).filter(
            Q(notice__valid_until__isnull=True) | Q(notice__valid_until__gte=today)
        )
        if filters.content_type_ids is not None and notice_content_type_id() not in filters.content_type_ids:
            return documents.none()
        if filters.site_ids is not None:
            documents = documents.filter(target_path__in=reached_target_paths(filters.site_ids))
        if filters.district_ids is not None:
            documents = documents.filter(
                Q(district_id__in=filters.district_ids) | Q(target_path__in=covering_target_paths(filters.district_ids))
            )
        if filters.street_ids is not None:
            documents = documents.filter(
                Q(street_id__in=filters.street_ids) | Q(target_path__in=covering_target_paths(filters.street_ids))
            )
        return documents

    @staticmethod
    def matching(documents, table, analysed, match_all):
        """(matching documents, the same with a `score`) for one of the two document tables."""
        if connection.vendor == "postgresql":
            query = tsquery_text(analysed, match_all)
            matching = documents.alias(
                found=RawSQL(f"{table}.search_vector @@ to_tsquery('simple', %s)", [query], output_field=BooleanField())
            ).filter(found=True)
            score = RawSQL(f"ts_rank({table}.search_vector, to_tsquery('simple', %s), 1)", [query])
            return matching, matching.annotate(score=score)
        matching = documents.filter(like_condition(analysed, match_all))
        return matching, matching.annotate(score=like_score(analysed))

    def search(self, analysed, filters, *, offset, limit, match_all=True):
        matching, ranked = self.matching(self.documents(filters), TABLE, analysed, match_all)
        pushed_matching, pushed_ranked = self.matching(
            self.pushed_documents(filters), PUSHED_TABLE, analysed, match_all
        )
        facets = {name: {} for name in FACET_FIELDS}
        total = 0
        # One grouped query gives every facet and the total: a site fixes its district and street,
        # so the combinations are at most sites x content types. Pushes belong to no one site: they
        # count for their target's district and street, as notices.
        names = list(FACET_FIELDS)
        page_groups = matching.order_by().annotate(**{f"facet_{name}": F(FACET_FIELDS[name]) for name in names})
        pushed_groups = pushed_matching.order_by().annotate(
            facet_site=Value(None, output_field=IntegerField()),
            facet_district=F("district_id"),
            facet_street=F("street_id"),
            facet_content_type=Value(notice_content_type_id(), output_field=IntegerField()),
        )
        grouped = [
            groups.values(*(f"facet_{name}" for name in names)).annotate(count=Count("pk"))
            for groups in (page_groups, pushed_groups)
        ]
        for row in grouped[0].union(grouped[1], all=True):
            total += row["count"]
            for name in names:
                value = row[f"facet_{name}"]
                if value is not None:
                    facets[name][value] = facets[name].get(value, 0) + row["count"]
        rows = []
        if total and offset < total:
            columns = ("kind", "key", "score", "sort_at")
            pages = ranked.order_by().annotate(
                kind=Value(ROW_PAGE, output_field=CharField()), key=F("page_id"), sort_at=F("published_at")
            )
            pushed = pushed_ranked.order_by().annotate(
                kind=Value(ROW_PUSHED, output_field=CharField()), key=F("notice_id"), sort_at=F("published_at")
            )
            ordered = (
                pages.values_list(*columns)
                .union(pushed.values_list(*columns), all=True)
                .order_by("-score", "-sort_at", "-kind", "-key")[offset : offset + limit]
            )
            rows = [(kind, key, float(score)) for kind, key, score, _sort_at in ordered]
        return BackendResult(rows=rows, total=total, facets=facets)
