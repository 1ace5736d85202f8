"""GIN index on ModuleRecord.data for PostgreSQL only.

Filters on choice, multiple-choice and yes/no fields become `data @> '{"key": ...}'`, which this
index answers (jsonb_path_ops: smaller and faster for containment). SQLite has no such index, so
the operation does nothing there and the embedded default still migrates. The index is not in the
model's Meta (it would not exist on SQLite), so this is a RunPython, not an AddIndex.
"""

from django.db import migrations

INDEX_NAME = "business_record_data_gin"


def create_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON business_modules_modulerecord USING gin (data jsonb_path_ops)"
    )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("business_modules", "0001_initial")]

    operations = [migrations.RunPython(create_gin_index, drop_gin_index, elidable=False)]
