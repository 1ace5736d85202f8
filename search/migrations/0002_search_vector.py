"""PostgreSQL only: a generated tsvector over the pre-segmented tokens, with a GIN index.

'simple' configuration: no stemming or stop words, the tokens are already jieba words. Title
tokens weigh A, body tokens B, for ts_rank. SQLite keeps LIKE matching (search/backends/database.py).
"""

from django.db import migrations

FORWARD = """
ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, coalesce(title_tokens, '')), 'A') ||
    setweight(to_tsvector('simple'::regconfig, coalesce(body_tokens, '')), 'B')
) STORED;
CREATE INDEX search_searchdocument_vector_gin ON search_searchdocument USING gin (search_vector);
"""

BACKWARD = """
DROP INDEX IF EXISTS search_searchdocument_vector_gin;
ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector;
"""


def add_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def drop_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(add_vector, drop_vector)]
