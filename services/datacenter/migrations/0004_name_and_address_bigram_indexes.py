"""GIN indexes on the character bigrams of resident names and household addresses (PostgreSQL only)."""

from django.db import migrations

# A copy of services/datacenter/text_search.py's function as it was when this migration was written.
BIGRAM_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION datacenter_bigrams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(lower(value), i, 2)), '{}')
  FROM generate_series(1, char_length(value) - 1) AS i
$$;
"""

INDEXES = [
    ("resident_name_bigrams", "datacenter_resident", "name"),
    ("household_address_bigrams", "datacenter_household", "address"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(BIGRAM_FUNCTION_SQL)
    for name, table, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (datacenter_bigrams({column}))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS datacenter_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [("datacenter", "0003_resident_list_order")]

    operations = [migrations.RunPython(create, drop)]
