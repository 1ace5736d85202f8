"""Database search over `SearchDocument`.

PostgreSQL: the generated `search_vector` (title tokens weight A, body tokens weight B, 'simple'
configuration) is matched with a `to_tsquery` built from the analysed query and ranked with
`ts_rank`; the GIN index keeps it fast at 100k documents.

SQLite (the embedded run): the same query as `LIKE '% token %'` conditions over the space-joined
tokens, ranked by how many groups match in the title (3) or the body (1). Fine for a demo network.

Results are re-checked against the page tree at query time (live, no view restriction), so a
missed signal can never show a draft or a private page.
"""

from django.db import connection
from django.db.models import BooleanField, Case, Count, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from search.backends import FACET_FIELDS, BackendResult
from search.indexing import restricted_paths
from search.models import SearchDocument

TABLE = SearchDocument._meta.db_table


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

    def search(self, analysed, filters, *, offset, limit, match_all=True):
        documents = self.documents(filters)
        if connection.vendor == "postgresql":
            query = tsquery_text(analysed, match_all)
            matching = documents.alias(
                found=RawSQL(f"{TABLE}.search_vector @@ to_tsquery('simple', %s)", [query], output_field=BooleanField())
            ).filter(found=True)
            score = RawSQL(f"ts_rank({TABLE}.search_vector, to_tsquery('simple', %s), 1)", [query])
            ranked = matching.annotate(score=score)
        else:
            matching = documents.filter(like_condition(analysed, match_all))
            ranked = matching.annotate(score=like_score(analysed))
        facets = {name: {} for name in FACET_FIELDS}
        total = 0
        # One grouped query gives every facet and the total: a site fixes its district and street,
        # so the combinations are at most sites x content types.
        for row in matching.order_by().values(*FACET_FIELDS.values()).annotate(count=Count("pk")):
            total += row["count"]
            for name, column in FACET_FIELDS.items():
                if row[column] is not None:
                    facets[name][row[column]] = facets[name].get(row[column], 0) + row["count"]
        rows = []
        if total and offset < total:
            ordered = ranked.order_by("-score", "-published_at", "-pk")[offset : offset + limit]
            rows = [(page_id, float(score)) for page_id, score in ordered.values_list("page_id", "score")]
        return BackendResult(rows=rows, total=total, facets=facets)
