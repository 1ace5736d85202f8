"""Pushed notices in the index: one row per push, with the same generated tsvector as pages (0002).

Existing pushes enter the index with `manage.py rebuild_search_index`.
"""

import django.db.models.deletion
from django.db import migrations, models

FORWARD = """
ALTER TABLE search_pushednoticedocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, coalesce(title_tokens, '')), 'A') ||
    setweight(to_tsvector('simple'::regconfig, coalesce(body_tokens, '')), 'B')
) STORED;
CREATE INDEX search_pushednoticedocument_vector_gin ON search_pushednoticedocument USING gin (search_vector);
"""


def add_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def drop_vector(apps, schema_editor):
    pass  # the table goes with the model


class Migration(migrations.Migration):

    dependencies = [
        ('community_sites', '0002_exchange_and_portal_feed'),
        ('orgs', '0001_initial'),
        ('search', '0004_notice_expiry'),
    ]

    operations = [
        migrations.CreateModel(
            name='PushedNoticeDocument',
            fields=[
                ('notice', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_document', serialize=False, to='community_sites.pushednotice', verbose_name='pushed notice')),
                ('target_path', models.CharField(db_index=True, max_length=255, verbose_name='tree path of the target')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('text', models.TextField(blank=True, verbose_name='text')),
                ('title_tokens', models.TextField(blank=True)),
                ('body_tokens', models.TextField(blank=True)),
                ('published_at', models.DateTimeField(blank=True, null=True)),
                ('expires_on', models.DateField(blank=True, null=True)),
                ('indexed_at', models.DateTimeField(auto_now=True)),
                ('district', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='orgs.orgunit', verbose_name='district')),
                ('street', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='orgs.orgunit', verbose_name='street')),
            ],
            options={
                'verbose_name': 'pushed notice in the index',
                'verbose_name_plural': 'pushed notices in the index',
            },
        ),
        migrations.RunPython(add_vector, drop_vector),
    ]
