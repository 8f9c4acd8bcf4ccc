"""Open311 GeoReport v2 on the wire: JSON and XML bodies, errors, w3 dates.

XML is the spec's required format: schemaless, no namespace, UTF-8 with its declaration; a
missing value is an empty element, as in the spec's examples. JSON is the same records, with
null for a missing value. Errors are `[{"code", "description"}]` / `<errors><error>...`.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from fastapi.responses import Response

Format = Literal["json", "xml"]
FORMATS: tuple[Format, ...] = ("json", "xml")
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
# Characters XML 1.0 cannot carry even escaped: a control character in a post must not make
# the whole answer unreadable.
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

Record = Mapping[str, Any]


class Open311Error(Exception):
    """An error the client gets in the spec's format: 404 no such thing, 403 the api_key,
    400 anything else the request got wrong (429 when it came too often)."""

    def __init__(self, status: int, description: str, *, retry_after: int | None = None):
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after


def format_of(ext: str) -> Format:
    if ext not in FORMATS:
        raise Open311Error(400, f"format '{ext}' is not served; use .json or .xml")
    return ext


def records(
    fmt: Format, root: str, item: str, items: Sequence[Record], status: int = 200
) -> Response:
    """A list of flat records: `[{...}]` or `<root><item>...</item></root>`."""
    if fmt == "json":
        return _json(list(items), status)
    element = ET.Element(root)
    for record in items:
        _fill(ET.SubElement(element, item), record)
    return _xml(element, status)


def service_definition(fmt: Format, service_code: str) -> Response:
    """A service without attributes: nothing to ask beyond the description and the place."""
    if fmt == "json":
        return _json({"service_code": service_code, "attributes": []}, 200)
    element = ET.Element("service_definition")
    _fill(element, {"service_code": service_code})
    ET.SubElement(element, "attributes")
    return _xml(element, 200)


def error(fmt: Format | None, exc: Open311Error) -> Response:
    record = {"code": exc.status, "description": exc.description}
    response = records(fmt or "xml", "errors", "error", [record], status=exc.status)
    if exc.retry_after is not None:
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def w3(moment: datetime | None, zone: ZoneInfo) -> str | None:
    """2026-11-27T14:05:00+05:00: the w3 note's format, with the city's offset."""
    return moment.astimezone(zone).isoformat(timespec="seconds") if moment else None


def parse_w3(value: str, name: str) -> datetime:
    """An aware datetime from a w3-format argument; Open311Error(400) naming the argument."""
    example = "2026-11-01T00:00:00Z or 2026-11-01T05:00:00+05:00"
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        message = f"{name} '{value[:40]}' is not a w3 date-time, e.g. {example}"
        raise Open311Error(400, message) from None
    if moment.tzinfo is None:
        raise Open311Error(400, f"{name} needs a time zone (Z or +HH:MM), e.g. {example}")
    return moment


def _fill(parent: ET.Element, record: Record) -> None:
    for name, value in record.items():
        ET.SubElement(parent, name).text = _xml_text(value)


def _xml_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML_RE.sub("", str(value))


def _json(body: Any, status: int) -> Response:
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    return Response(payload, status_code=status, media_type=JSON_TYPE)


def _xml(element: ET.Element, status: int) -> Response:
    payload = XML_DECLARATION + ET.tostring(element, encoding="unicode")
    return Response(payload.encode("utf-8"), status_code=status, media_type=XML_TYPE)
