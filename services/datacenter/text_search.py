"""Substring search of names and addresses that an index can serve, on PostgreSQL.

Chinese names are two or three characters, so trigram indexes cannot answer `%王伟%` (the
pattern has no complete trigram). Instead an IMMUTABLE SQL function splits a value into its
distinct character bigrams (created by migration 0004), and GIN indexes on `datacenter_bigrams(name)` and
`datacenter_bigrams(address)` find candidate rows that hold every bigram of the query; the
substring test then confirms them. One-character queries and SQLite use the plain substring test.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import F, Func, TextField


def bigrams(text):
    """The same split as the SQL function, for the query side."""
    lowered = text.lower()
    return sorted({lowered[index : index + 2] for index in range(len(lowered) - 1)})


def indexable(text):
    return connection.vendor == "postgresql" and len(text) >= 2


def containing(queryset, field, text):
    """Rows whose `field` contains `text` (case-insensitive), through the bigram index where there is one."""
    matches = queryset.filter(**{f"{field}__icontains": text})
    if not indexable(text):
        return matches
    grams = Func(F(field), function="datacenter_bigrams", output_field=ArrayField(TextField()))
    return matches.alias(**{f"{field}_bigrams": grams}).filter(**{f"{field}_bigrams__contains": bigrams(text)})
