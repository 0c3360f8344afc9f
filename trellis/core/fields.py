"""Model fields the apps share."""

from __future__ import annotations

from typing import Any

import orjson
from django.db import models


def dumps_json(value: Any) -> str:
    """JSON text as the database stores it, written by orjson (several times faster than
    ``json``)."""
    return orjson.dumps(value).decode()


class FastJSONField(models.JSONField):
    """A JSONField for large machine-made documents written by the thousand and never searched
    inside.

    Routing stores an explanation (every ranked partner's factors, the
    exclusions) with each decision. Written with orjson: the standard library
    took a quarter of a batch decision's time. On PostgreSQL the column is
    ``json`` (the text, checked) rather than ``jsonb``: a 1.3 KB explanation
    costs ~15 µs to store as json against ~80 µs as jsonb, which parses it
    and compresses the result. The price: no operators inside it (no key
    lookups, containment, DISTINCT), which nothing needs of an explanation.
    """

    def db_type(self, connection: Any) -> str | None:
        return "json" if connection.vendor == "postgresql" else super().db_type(connection)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        if connection.vendor == "postgresql":
            from psycopg.types.json import Json

            return Json(value, dumps=dumps_json)
        return dumps_json(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or not isinstance(value, str | bytes):
            return value  # PostgreSQL's driver decodes json columns itself
        return orjson.loads(value)
