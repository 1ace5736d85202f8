"""Relevance: recall@5 and MRR over the resident-typed query set must stay above their floors."""

import pytest

from search.api import search_content
from tests.search.relevance_set import MRR_FLOOR, QUERIES, RECALL_FLOOR, build_corpus, evaluate


@pytest.mark.django_db
def test_relevance_set_recall_at_5_and_mrr_stay_above_the_floor(network):
    assert len(QUERIES) >= 40
    pages = build_corpus(network)

    def ranked(query):
        return [hit.page.pk for hit in search_content(query, per_page=10).hits]

    recall, mrr, misses = evaluate(ranked, pages)
    print(f"\nrelevance set: {len(QUERIES)} queries, recall@5 {recall:.3f}, MRR {mrr:.3f}, misses: {misses}")
    assert recall >= RECALL_FLOOR, misses
    assert mrr >= MRR_FLOOR, misses
