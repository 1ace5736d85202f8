"""A real local HTTP server speaking the part of Elasticsearch's REST API the backend uses.

Index create/delete, _bulk (index, delete) and _search with the bool / multi_match / terms queries
and terms aggregations search/backends/elasticsearch.py sends. It keeps the documents it receives,
answers searches over them, and records every request so tests can assert on what was sent.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class ElasticsearchLikeServer:
    def __init__(self):
        self.requests = []  # (method, path, body) with JSON/NDJSON bodies decoded
        self.indices = {}  # name -> {"definition": {...}, "documents": {id: source}}
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def requests_to(self, method, path_part):
        return [(m, p, b) for m, p, b in self.requests if m == method and path_part in p]

    # ------------------------------------------------------------ request handling
    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _body(self):
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length).decode() if length else ""

            def _answer(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            def _dispatch(self):
                raw = self._body()
                path = urlsplit(self.path).path
                with fake.lock:
                    status, payload = fake.handle(self.command, path, raw)
                self._answer(status, payload)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _dispatch

        return Handler

    def handle(self, method, path, raw):
        parts = [part for part in path.split("/") if part]
        if parts and parts[-1] == "_bulk":
            lines = [json.loads(line) for line in raw.splitlines() if line.strip()]
            self.requests.append((method, path, lines))
            return 200, self.bulk(lines)
        body = json.loads(raw) if raw else None
        self.requests.append((method, path, body))
        if len(parts) == 1 and method == "PUT":
            self.indices[parts[0]] = {"definition": body, "documents": {}}
            return 200, {"acknowledged": True, "shards_acknowledged": True, "index": parts[0]}
        if len(parts) == 1 and method == "DELETE":
            existed = self.indices.pop(parts[0], None)
            return (200, {"acknowledged": True}) if existed else (404, {"error": {"type": "index_not_found"}})
        if len(parts) == 1 and method == "HEAD":
            return (200 if parts[0] in self.indices else 404), {}
        if len(parts) == 2 and parts[1] == "_search":
            return 200, self.search(parts[0], body or {})
        return 400, {"error": {"type": "unsupported", "reason": f"{method} {path}"}}

    def bulk(self, lines):
        items = []
        position = 0
        while position < len(lines):
            action, meta = next(iter(lines[position].items()))
            documents = self.indices.setdefault(meta["_index"], {"definition": None, "documents": {}})["documents"]
            if action == "delete":
                found = documents.pop(str(meta["_id"]), None) is not None
                items.append({"delete": {"_id": meta["_id"], "status": 200 if found else 404}})
                position += 1
            else:
                documents[str(meta["_id"])] = lines[position + 1]
                items.append({action: {"_id": meta["_id"], "status": 201, "result": "created"}})
                position += 2
        return {"took": 1, "errors": False, "items": items}

    def search(self, index, body):
        documents = self.indices.get(index, {"documents": {}})["documents"]
        scored = []
        for doc_id, source in documents.items():
            score = self.evaluate(body.get("query", {"match_all": {}}), source)
            if score:
                scored.append((score, doc_id, source))
        scored.sort(key=lambda item: (-item[0], item[1]))
        start, size = body.get("from", 0), body.get("size", 10)
        aggregations = {}
        for name, definition in body.get("aggs", {}).items():
            column = definition["terms"]["field"]
            counts = {}
            for _, _, source in scored:
                if source.get(column) is not None:
                    counts[source[column]] = counts.get(source[column], 0) + 1
            aggregations[name] = {"buckets": [{"key": key, "doc_count": count} for key, count in counts.items()]}
        return {
            "took": 1,
            "timed_out": False,
            "hits": {
                "total": {"value": len(scored), "relation": "eq"},
                "max_score": scored[0][0] if scored else None,
                "hits": [
                    {"_index": index, "_id": doc_id, "_score": score}
                    for score, doc_id, _ in scored[start : start + size]
                ],
            },
            "aggregations": aggregations,
        }

    def evaluate(self, query, source):
        """A score > 0 when the document matches (a tiny subset of the Query DSL)."""
        ((kind, spec),) = query.items()
        if kind == "match_all":
            return 1.0
        if kind == "terms":
            ((column, values),) = spec.items()
            return 1.0 if source.get(column) in values else 0.0
        if kind == "exists":
            return 1.0 if source.get(spec["field"]) is not None else 0.0
        if kind == "range":
            ((column, bounds),) = spec.items()
            value = source.get(column)
            return 1.0 if value is not None and str(value) >= str(bounds["gte"]) else 0.0
        if kind == "multi_match":
            words = set()
            for field in spec["fields"]:
                words |= set(source.get(field.split("^")[0], "").lower().split())
            return 1.0 if all(token.lower() in words for token in spec["query"].split()) else 0.0
        if kind == "bool":
            score = 0.0
            for clause in _as_list(spec.get("must")):
                part = self.evaluate(clause, source)
                if not part:
                    return 0.0
                score += part
            for clause in _as_list(spec.get("filter")):
                if not self.evaluate(clause, source):
                    return 0.0
            for clause in _as_list(spec.get("must_not")):
                if self.evaluate(clause, source):
                    return 0.0
            should = [self.evaluate(clause, source) for clause in _as_list(spec.get("should"))]
            if spec.get("should"):
                matched = [part for part in should if part]
                if len(matched) < int(spec.get("minimum_should_match", 1 if not spec.get("must") else 0)):
                    return 0.0
                score += sum(matched)
            return score or (1.0 if spec.get("filter") or spec.get("must") or spec.get("must_not") else 0.0)
        raise ValueError(f"query {kind} not supported by the test server")


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
