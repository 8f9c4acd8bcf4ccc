"""Checked records (see records.py) into the database: add, update, or leave alone.

Each list has its natural key: an NGO its BIN, a project its code, an event or a media product
its date and title. `save` is what the import uses (find by key, then add or update, and say
which); `create` and `update` are what the web forms use (a key taken by another row is an
error there, not an update). References by BIN or project code must resolve, or the row fails
naming the column.
"""

from __future__ import annotations

from typing import Any, Literal, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from halyq.civil.records import Record, RowInvalid
from halyq.db.civil import MediaProduct, Ngo, OutreachEvent, Project, ProjectIndicator

Outcome = Literal["added", "updated", "unchanged"]
Row = Ngo | Project | OutreachEvent | MediaProduct
MODELS: dict[str, type[Row]] = {
    "ngos": Ngo,
    "projects": Project,
    "events": OutreachEvent,
    "media": MediaProduct,
}
KEYS = {
    "ngos": ("bin",),
    "projects": ("code",),
    "events": ("date", "title"),
    "media": ("date", "title"),
}
# Values a new row takes when its input leaves them out.
DEFAULTS: dict[str, dict[str, Any]] = {
    "ngos": {"status": "active", "activities": []},
    "projects": {"status": "active", "budget_tenge": 0},
    "events": {"venue_kind": "other"},
    "media": {},
}


def find(session: Session, sheet: str, record: Record) -> Row | None:
    """The stored row with this record's key, or None."""
    model = MODELS[sheet]
    conditions = [getattr(model, name) == record[name] for name in KEYS[sheet]]
    return cast("Row | None", session.scalars(select(model).where(*conditions)).first())


def save(session: Session, sheet: str, record: Record) -> tuple[Outcome, Row]:
    """Add the record, or update the row with its key; returns what happened and the row."""
    row = find(session, sheet, record)
    if row is None:
        return "added", create(session, sheet, record)
    return ("updated" if _assign(session, sheet, row, record) else "unchanged"), row


def create(session: Session, sheet: str, record: Record) -> Row:
    """A new row; RowInvalid when its key is taken or a reference does not resolve."""
    if find(session, sheet, record) is not None:
        raise RowInvalid([(KEYS[sheet][-1], _taken(sheet, record))])
    row = MODELS[sheet](**DEFAULTS[sheet])
    _assign(session, sheet, row, record)
    session.add(row)
    session.flush()
    return row


def update(session: Session, sheet: str, row: Row, record: Record) -> bool:
    """Change a row from a form; True when anything changed."""
    other = find(session, sheet, record)
    if other is not None and other is not row:
        raise RowInvalid([(KEYS[sheet][-1], _taken(sheet, record))])
    changed = _assign(session, sheet, row, record)
    session.flush()
    return changed


def _taken(sheet: str, record: Record) -> str:
    key = ", ".join(str(record[name]) for name in KEYS[sheet])
    return f"another record already has {' + '.join(KEYS[sheet])} {key}"


def _assign(session: Session, sheet: str, row: Row, record: Record) -> bool:
    fields = dict(record)
    indicators = fields.pop("indicators", {})
    if "ngo_bin" in fields:
        fields["ngo_id"] = _ngo_id(session, fields.pop("ngo_bin"))
    if "project_code" in fields:
        fields["project_id"] = _project_id(session, fields.pop("project_code"))
    changed = False
    for name, value in fields.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    if isinstance(row, Project):
        changed = _assign_indicators(session, row, indicators) or changed
    return changed


def _assign_indicators(
    session: Session, project: Project, indicators: dict[str, dict[str, int | None]]
) -> bool:
    """Set the given planned/actual figures; indicators not given are left as they are."""
    changed = False
    by_name = {item.name: item for item in project.indicators} if project.id else {}
    for name, figures in indicators.items():
        item = by_name.get(name)
        if item is None:
            if all(value is None for value in figures.values()):
                continue
            item = ProjectIndicator(name=name)
            project.indicators.append(item)
            changed = True
        for which, value in figures.items():
            if getattr(item, which) != value:
                setattr(item, which, value)
                changed = True
    return changed


def _ngo_id(session: Session, bin_digits: str | None) -> int | None:
    if bin_digits is None:
        return None
    found = session.scalar(select(Ngo.id).where(Ngo.bin == bin_digits))
    if found is None:
        raise RowInvalid(
            [("ngo_bin", f"no NGO has BIN {bin_digits}; add it to the ngos sheet first")]
        )
    return found


def _project_id(session: Session, code: str | None) -> int | None:
    if code is None:
        return None
    found = session.scalar(select(Project.id).where(Project.code == code))
    if found is None:
        raise RowInvalid(
            [("project_code", f"no project has code '{code}'; add it to the projects sheet first")]
        )
    return found
