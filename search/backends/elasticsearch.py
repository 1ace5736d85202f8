"""Elasticsearch backend (elasticsearch-dsl over the elasticsearch 8 client).

The documents carry the same pre-segmented tokens as the database index, analysed with a
whitespace tokenizer and lower-casing only: Elasticsearch never splits Chinese itself, so both
backends agree on what a word is (and no analysis plugin is needed on the cluster).

Every call uses a short timeout and no retries: a search that cannot reach the cluster raises
`SearchBackendUnavailable` at once and search/api.py answers from the database instead; index
updates on publish log the error and return, because publishing must never fail because search is
down (the database index is written first and stays current; `rebuild_search_index` catches the
cluster up later).
"""

import logging

from django.utils import timezone
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch
from elasticsearch.helpers import BulkIndexError, streaming_bulk
from elasticsearch_dsl import Date, Document, Index, Integer, Keyword, Q, Search, Text, analyzer

from search.backends import FACET_FIELDS, ROW_PAGE, ROW_PUSHED, BackendResult, SearchBackendUnavailable

logger = logging.getLogger(__name__)

pre_segmented = analyzer("pre_segmented", tokenizer="whitespace", filter=["lowercase"])

FAILURES = (TransportError, ApiError, BulkIndexError, ConnectionError, OSError)
MAX_FACET_VALUES = 1000


PUSHED_ID_PREFIX = "pushed-"  # pushed notices share the index with pages: ids "pushed-<id>"


def pushed_id(notice_id):
    return f"{PUSHED_ID_PREFIX}{notice_id}"


def row_of(document_id):
    """(ROW_PAGE or ROW_PUSHED, id) for an Elasticsearch document id."""
    if document_id.startswith(PUSHED_ID_PREFIX):
        return ROW_PUSHED, int(document_id[len(PUSHED_ID_PREFIX) :])
    return ROW_PAGE, int(document_id)


class PageDocument(Document):
    """One live, public page, as in `SearchDocument`, or one pushed notice, as in `PushedNoticeDocument`."""

    kind = Keyword()
    target_path = Keyword()  # pushed notices: the target unit's tree path
    title = Keyword(index=False)
    title_tokens = Text(analyzer=pre_segmented)
    body_tokens = Text(analyzer=pre_segmented)
    path = Keyword()
    site_id = Integer()
    district_id = Integer()
    street_id = Integer()
    content_type_id = Integer()
    published_at = Date()
    expires_on = Date()

    @classmethod
    def from_search_document(cls, document, index_name):
        from search.models import PushedNoticeDocument

        if isinstance(document, PushedNoticeDocument):
            from search.backends.database import notice_content_type_id

            return cls(
                meta={"id": pushed_id(document.notice_id), "index": index_name},
                kind=ROW_PUSHED,
                target_path=document.target_path,
                title=document.title,
                title_tokens=document.title_tokens.strip(),
                body_tokens=document.body_tokens.strip(),
                district_id=document.district_id,
                street_id=document.street_id,
                content_type_id=notice_content_type_id(),
                published_at=document.published_at,
                expires_on=document.expires_on,
            )
        return cls(
            meta={"id": document.page_id, "index": index_name},
            kind=ROW_PAGE,
            title=document.title,
            title_tokens=document.title_tokens.strip(),
            body_tokens=document.body_tokens.strip(),
            path=document.path,
            site_id=document.site_id,
            district_id=document.district_id,
            street_id=document.street_id,
            content_type_id=document.content_type_id,
            published_at=document.published_at,
            expires_on=document.expires_on,
        )


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, url, *, index_name="cms-pages", timeout=3):
        self.url = url
        self.index_name = index_name
        self.client = Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)

    def index(self):
        index = Index(self.index_name, using=self.client)
        index.settings(number_of_shards=1, number_of_replicas=0)
        index.document(PageDocument)
        return index

    # ------------------------------------------------------------ writing
    def _bulk(self, actions, progress=None):
        failed = 0
        for ok, item in streaming_bulk(self.client, actions, chunk_size=500, raise_on_error=False):
            if not ok:
                operation = next(iter(item.values()))
                if operation.get("status") != 404:  # deleting what was never indexed is fine
                    failed += 1
            if progress is not None:
                progress(1)
        return failed

    def index_documents(self, documents):
        """Add or replace documents; logs and returns False when the cluster is unreachable."""
        actions = (
            PageDocument.from_search_document(document, self.index_name).to_dict(include_meta=True)
            for document in documents
        )
        try:
            failed = self._bulk(actions)
        except FAILURES as error:
            logger.error("Elasticsearch indexing failed, the database index is current: %s", error)
            return False
        if failed:
            logger.error("Elasticsearch rejected %s documents", failed)
        return not failed

    def delete_documents(self, page_ids):
        """Delete pages by id (pushed notices by `pushed_id(...)`)."""
        actions = ({"_op_type": "delete", "_index": self.index_name, "_id": page_id} for page_id in page_ids)
        try:
            self._bulk(actions)
        except FAILURES as error:
            logger.error("Elasticsearch delete failed, the database index is current: %s", error)
            return False
        return True

    def rebuild(self, documents, *, raise_errors=False, progress=None):
        """Drop and recreate the index with its mapping, then bulk-load every document."""
        try:
            index = self.index()
            index.delete(ignore_unavailable=True)
            index.create()
            actions = (
                PageDocument.from_search_document(document, self.index_name).to_dict(include_meta=True)
                for document in documents
            )
            failed = self._bulk(actions, progress=progress)
        except FAILURES as error:
            logger.error("Elasticsearch rebuild failed: %s", error)
            if raise_errors:
                raise SearchBackendUnavailable(str(error)) from error
            return False
        if failed and raise_errors:
            raise SearchBackendUnavailable(f"{failed} documents rejected")
        return not failed

    # ------------------------------------------------------------ reading
    def build_search(self, analysed, filters, *, offset, limit, match_all):
        def alternative(tokens):
            return Q(
                "multi_match",
                query=" ".join(tokens),
                fields=["title_tokens^3", "body_tokens"],
                type="cross_fields",
                operator="and",
            )

        groups = [
            Q("bool", should=[alternative(tokens) for tokens in group.alternatives], minimum_should_match=1)
            for group in analysed.groups
        ]
        matched = Q("bool", must=groups) if match_all else Q("bool", should=groups, minimum_should_match=1)
        conditions = []
        if filters.site_ids is not None:
            from search.backends.database import reached_target_paths

            # A site's pages, and the pushes whose target is the site's unit or above it.
            conditions.append(
                Q(
                    "bool",
                    should=[
                        Q("terms", site_id=list(filters.site_ids)),
                        Q("terms", target_path=reached_target_paths(filters.site_ids)),
                    ],
                    minimum_should_match=1,
                )
            )
        if filters.content_type_ids is not None:
            conditions.append(Q("terms", content_type_id=list(filters.content_type_ids)))
        for column, values in (("district_id", filters.district_ids), ("street_id", filters.street_ids)):
            if values is not None:
                from search.backends.database import covering_target_paths

                # Pages and pushes of the area, and pushes sent to a unit above it.
                area = [Q("terms", **{column: list(values)})]
                above = covering_target_paths(values)
                if above:
                    area.append(Q("terms", target_path=above))
                conditions.append(Q("bool", should=area, minimum_should_match=1))
        # Expired notices leave search as they leave lists.
        today = timezone.localdate().isoformat()
        conditions.append(
            Q(
                "bool",
                should=[Q("bool", must_not=[Q("exists", field="expires_on")]), Q("range", expires_on={"gte": today})],
            )
        )
        search = Search(using=self.client, index=self.index_name).query(Q("bool", must=[matched], filter=conditions))
        search = search.sort("_score", {"published_at": {"order": "desc", "missing": "_last"}})
        search = search.extra(from_=offset, size=limit, track_total_hits=True).source(False)
        for name, column in FACET_FIELDS.items():
            search.aggs.bucket(name, "terms", field=column, size=MAX_FACET_VALUES)
        return search

    def search(self, analysed, filters, *, offset, limit, match_all=True):
        search = self.build_search(analysed, filters, offset=offset, limit=limit, match_all=match_all)
        try:
            response = search.execute()
        except FAILURES as error:
            raise SearchBackendUnavailable(str(error)) from error
        rows = [(*row_of(str(hit.meta.id)), float(hit.meta.score or 0.0)) for hit in response.hits]
        facets = {
            name: {int(bucket.key): bucket.doc_count for bucket in getattr(response.aggregations, name).buckets}
            for name in FACET_FIELDS
        }
        return BackendResult(rows=rows, total=response.hits.total.value, facets=facets)
