"""The OpenAPI 3.1 description of the exchange API, served at /api/exchange/v1/openapi.json.

Written by hand beside the views; a test checks that every route of urls.py is described.
"""

from services.datacenter.models import ResidentStatus
from services.exchange.services import BOOLEAN_FLAGS, WRITABLE_FLAGS


def error_response(description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


ERRORS = {
    "400": error_response("Invalid request: `fields` names each bad value."),
    "401": error_response("Missing, unknown, revoked or expired token, or an inactive partner."),
    "403": error_response("The partner was not granted this operation."),
    "429": {
        **error_response("Rate limit reached for this token."),
        "headers": {
            "Retry-After": {"description": "Seconds until calls are accepted again.", "schema": {"type": "integer"}}
        },
    },
}

FLAGS_SCHEMA = {
    "type": "object",
    "properties": {
        **{name: {"type": "boolean"} for name in BOOLEAN_FLAGS},
        "disability_grade": {"type": ["integer", "null"], "minimum": 1, "maximum": 4},
    },
}


def path_id(name, description):
    return {"name": name, "in": "path", "required": True, "description": description, "schema": {"type": "integer"}}


def query(name, description, schema=None):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def openapi_document():
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Community data exchange API (社区数据交换接口)",
            "version": "1.0.0",
            "description": (
                "Read and update data-centre records of the communities a partner is scoped to. Every call needs "
                "`Authorization: Bearer <token>` (issued in the admin, shown once); cookie sessions are never "
                "accepted. Calls are rate limited per token and audited. Error messages are in Simplified Chinese "
                "unless the `django_language` cookie asks for English. Records outside the partner's scope answer "
                "404 as if they did not exist."
            ),
        },
        "servers": [{"url": "/api/exchange/v1"}],
        "security": [{"bearerToken": []}],
        "paths": {
            "/residents": {
                "get": {
                    "operationId": "listResidents",
                    "summary": "Residents in scope, paginated (operation read_residents)",
                    "description": "ID and phone numbers are masked unless the partner holds the full_identifiers "
                    "grant; then they are full, birth_date is added and the reveal is audited.",
                    "parameters": [
                        query("page", "1-based page number", {"type": "integer", "minimum": 1}),
                        query(
                            "page_size", "rows per page (default 50, at most 200)", {"type": "integer", "minimum": 1}
                        ),
                        query("community", "administrative code of one community in scope"),
                        query("status", "resident status", {"type": "string", "enum": ResidentStatus.values}),
                        query("updated_since", "ISO 8601 date-time", {"type": "string", "format": "date-time"}),
                        query("id_number", "exact 18-character ID number"),
                        *(query(name, "true or false", {"type": "boolean"}) for name in BOOLEAN_FLAGS),
                    ],
                    "responses": {
                        "200": {
                            "description": "One page of residents",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ResidentPage"}}},
                        },
                        **ERRORS,
                    },
                }
            },
            "/verify": {
                "post": {
                    "operationId": "verifyIdentity",
                    "summary": "Check that an ID number and a name belong to one resident in scope (verify_identity)",
                    "description": "Answers only match and status: no other data. An unknown number, a number "
                    "outside the scope and a wrong name all answer {match: false, status: no_match}.",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["id_number", "name"],
                                    "properties": {"id_number": {"type": "string"}, "name": {"type": "string"}},
                                }
                            }
                        },
                    },  # fmt: skip
                    "responses": {
                        "200": {
                            "description": "The answer",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "match": {"type": "boolean"},
                                            "status": {"type": "string", "enum": [*ResidentStatus.values, "no_match"]},
                                        },
                                    }
                                }
                            },
                        },  # fmt: skip
                        **ERRORS,
                    },
                }
            },
            "/households/{id}": {
                "get": {
                    "operationId": "getHousehold",
                    "summary": "A household with its members, masked (read_households)",
                    "parameters": [path_id("id", "household id")],
                    "responses": {
                        "200": {
                            "description": "The household",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Household"}}},
                        },
                        "404": error_response("No such household in the partner's scope."),
                        **ERRORS,
                    },
                }
            },
            "/residents/{id}/flags": {
                "patch": {
                    "operationId": "updateResidentFlags",
                    "summary": "Change special-group flags of one resident (write_resident_flags)",
                    "description": f"Only these fields may be sent: {', '.join(WRITABLE_FLAGS)}.",
                    "parameters": [path_id("id", "resident id")],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": FLAGS_SCHEMA}},
                    },
                    "responses": {
                        "200": {
                            "description": "The resident's flags after the change",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"id": {"type": "integer"}, "flags": FLAGS_SCHEMA},
                                    }
                                }
                            },
                        },  # fmt: skip
                        "404": error_response("No such resident in the partner's scope."),
                        **ERRORS,
                    },
                }
            },
            "/files/resident-flags": {
                "post": {
                    "operationId": "uploadResidentFlagFile",
                    "summary": "Batch update of special-group flags from an .xlsx or .csv file (write_resident_flags)",
                    "description": (
                        "Columns: `resident_id` and any of "
                        f"{', '.join(WRITABLE_FLAGS)}. Every row is checked; a bad row changes nothing and is "
                        "reported with its row number. With `dry_run=true` nothing is saved."
                    ),
                    "parameters": [query("dry_run", "true: check only", {"type": "boolean"})],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "required": ["file"],
                                    "properties": {"file": {"type": "string", "format": "binary"}},
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "What was checked and saved",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FileReport"}}},
                        },
                        **ERRORS,
                    },
                }
            },
            "/files/residents.{format}": {
                "get": {
                    "operationId": "downloadResidentFile",
                    "summary": "All residents of the partner's scope as one file (read_residents)",
                    "parameters": [
                        {
                            "name": "format",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "enum": ["xlsx", "csv"]},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The file; ID numbers masked unless the partner has full_identifiers",
                            "content": {
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                                "text/csv": {},
                            },
                        },
                        "404": error_response("Unknown file format."),
                        **ERRORS,
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenApiDocument",
                    "summary": "This document",
                    "security": [],
                    "responses": {"200": {"description": "OpenAPI 3.1 document"}},
                }
            },
        },
        "components": {
            "securitySchemes": {
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A partner token, issued by a city administrator in the admin (数据交换).",
                }
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message", "fields"],
                            "properties": {
                                "code": {
                                    "type": "string",
                                    "enum": [
                                        "invalid",
                                        "unauthorized",
                                        "forbidden",
                                        "not_found",
                                        "method_not_allowed",
                                        "rate_limited",
                                    ],
                                },  # fmt: skip
                                "message": {"type": "string", "description": "For people, in the request's language"},
                                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                            },
                        }
                    },
                },
                "Community": {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}}},
                "Resident": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string"},
                        "id_number": {
                            "type": "string",
                            "description": "masked (330102********1234) unless granted",
                        },
                        "phone": {"type": "string", "description": "masked unless granted"},
                        "gender": {"type": "string", "enum": ["M", "F"]},
                        "birth_date": {"type": "string", "format": "date", "description": "only with full_identifiers"},
                        "community": {"$ref": "#/components/schemas/Community"},
                        "household_id": {"type": ["integer", "null"]},
                        "relation_to_head": {"type": "string"},
                        "status": {"type": "string", "enum": ResidentStatus.values},
                        "flags": FLAGS_SCHEMA,
                        "updated_at": {"type": "string", "format": "date-time"},
                    },
                },
                "ResidentPage": {
                    "type": "object",
                    "properties": {
                        "count": {"type": "integer"},
                        "page": {"type": "integer"},
                        "page_size": {"type": "integer"},
                        "next_page": {"type": ["integer", "null"]},
                        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Resident"}},
                    },
                },
                "FileReport": {
                    "type": "object",
                    "properties": {
                        "rows": {"type": "integer"},
                        "saved": {"type": "integer"},
                        "dry_run": {"type": "boolean"},
                        "errors": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "row": {"type": "integer"},
                                    "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                                },
                            },
                        },
                    },
                },
                "Household": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "number": {"type": "string"},
                        "address": {"type": "string"},
                        "kind": {"type": "string", "enum": ["urban", "rural"]},
                        "community": {"$ref": "#/components/schemas/Community"},
                        "house": {"type": ["object", "null"]},
                        "head_id": {"type": ["integer", "null"]},
                        "members": {"type": "array", "items": {"type": "object"}},
                    },
                },
            },
        },
    }
