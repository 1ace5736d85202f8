"""Chinese-aware search over public content: search_content() in api.py is the one entry point.

chinese.py segments (jieba + domain dictionary) and gives pinyin; query.py expands queries (synonyms,
pinyin, homophone typos); indexing.py and signals.py keep SearchDocument in step with publishing;
backends/ hold the database (PostgreSQL tsvector, SQLite LIKE) and Elasticsearch backends.
"""
