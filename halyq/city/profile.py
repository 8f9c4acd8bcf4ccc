"""Load and validate a city profile: a folder of plain CSV and YAML files.

A profile is data, not code: a second city is a second folder. Every error names the file,
the line and the field, so the person who edits the CSV can fix it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from halyq.city.answers import AnswerTemplates

PROFILES_DIR = Path(__file__).parent / "profiles"
PLACE_KINDS = frozenset(
    {"city", "settlement", "microdistrict", "dacha", "street", "avenue", "landmark", "facility"}
)
# What else a place's name can mean in a post: the extractor then wants context before taking it.
ALSO_MEANS = frozenset({"person", "given_name", "month", "holiday", "word"})
DEPARTMENT_KINDS = frozenset({"akimat", "regional", "external", "settlement"})


class ProfileError(ValueError):
    """A profile file is wrong; says which file, line and field."""

    def __init__(self, path: Path, line: int | None, field_name: str | None, message: str):
        where = (
            f"{path}"
            + (f", line {line}" if line else "")
            + (f", field '{field_name}'" if field_name else "")
        )
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.field_name = path, line, field_name


@dataclass(frozen=True)
class Department:
    code: str
    name_kk: str
    name_ru: str
    kind: str  # akimat | regional | external | settlement (a settlement akim's office)
    settlement: str | None = None  # for kind "settlement": the place it is the akim of

    @property
    def is_external(self) -> bool:
        return self.kind == "external"


@dataclass(frozen=True)
class Category:
    code: str
    name_kk: str
    name_ru: str
    name_en: str
    default_department: str
    respond_hours: int
    resolve_hours: int


@dataclass(frozen=True)
class Place:
    """A named place of the city. `canonical` is the Kazakh name, aliases cover kk/ru/Latin forms.

    `parent` is the settlement, microdistrict or city the place lies in (None: outside the
    city, e.g. another town); `also_means` says what else the name can mean ("person" for
    "Абай", "month" for "Желтоқсан"), so the extractor asks for context before taking it.
    """

    canonical: str
    kind: str
    aliases: tuple[str, ...]
    parent: str | None
    lat: float | None = None
    lon: float | None = None
    also_means: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.canonical, *self.aliases)


@dataclass(frozen=True)
class CityProfile:
    code: str
    name_kk: str
    name_ru: str
    timezone: str
    office_start: time
    office_end: time
    appeal_resolve_days: int
    appeal_redirect_days: int
    triage_department: str
    departments: dict[str, Department]
    categories: dict[str, Category]
    places: tuple[Place, ...]
    root: Path = field(compare=False)
    # Drafts of the answers to residents (answers.yaml); None when the city has none.
    answers: AnswerTemplates | None = field(default=None, compare=False)

    def department_for(self, category: str) -> Department:
        return self.departments[self.categories[category].default_department]

    def settlement_office(self, settlement: str | None) -> Department | None:
        """The akim's office of a settlement of the city administration, if the profile has one."""
        if settlement is None:
            return None
        return next((d for d in self.departments.values() if d.settlement == settlement), None)


def profile_dir(name_or_path: str | Path) -> Path:
    """A bundled profile by name (`kyzylorda`) or any folder path."""
    candidate = Path(name_or_path)
    if candidate.is_dir():
        return candidate
    bundled = PROFILES_DIR / str(name_or_path)
    if bundled.is_dir():
        return bundled
    known = ", ".join(sorted(p.name for p in PROFILES_DIR.iterdir() if p.is_dir()))
    raise ProfileError(candidate, None, None, f"no such city profile (bundled: {known})")


def load_profile(name_or_path: str | Path = "kyzylorda") -> CityProfile:
    """Read and validate a profile folder; raises ProfileError naming file, line and field."""
    root = profile_dir(name_or_path)
    meta = _read_yaml(root / "profile.yaml")
    departments = {d.code: d for d in _read_departments(root / "departments.csv")}
    categories = {c.code: c for c in _read_categories(root / "categories.csv", departments)}
    places = tuple(_read_places(root / "places.csv"))
    yaml_path = root / "profile.yaml"
    triage = _require(meta, "triage_department", yaml_path)
    if triage not in departments:
        raise ProfileError(yaml_path, None, "triage_department", f"unknown department '{triage}'")
    _check_settlement_offices(root / "departments.csv", departments, places)
    hours = _require(meta, "office_hours", yaml_path)
    appeal = _require(meta, "appeal", yaml_path)
    return CityProfile(
        code=_require(meta, "code", yaml_path),
        name_kk=_require(meta, "name_kk", yaml_path),
        name_ru=_require(meta, "name_ru", yaml_path),
        timezone=_require(meta, "timezone", yaml_path),
        office_start=_parse_time(hours, "start", yaml_path),
        office_end=_parse_time(hours, "end", yaml_path),
        appeal_resolve_days=int(_require(appeal, "resolve_working_days", yaml_path)),
        appeal_redirect_days=int(_require(appeal, "redirect_working_days", yaml_path)),
        triage_department=triage,
        departments=departments,
        categories=categories,
        places=places,
        root=root,
        answers=_answer_templates(root, categories),
    )


def _answer_templates(root: Path, categories: dict[str, Category]) -> AnswerTemplates | None:
    from halyq.city.answers import load_answer_templates  # it builds on ProfileError

    return load_answer_templates(root, categories)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(path, None, None, "file is missing") from None
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise ProfileError(path, line + 1 if line is not None else None, None, str(exc)) from None
    if not isinstance(data, dict):
        raise ProfileError(path, 1, None, "expected a mapping of settings")
    return data


def _require(mapping: dict[str, Any], key: str, path: Path) -> Any:
    value = mapping.get(key)
    if value in (None, ""):
        raise ProfileError(path, None, key, "is required")
    return value


def _parse_time(mapping: dict[str, Any], key: str, path: Path) -> time:
    raw = str(_require(mapping, key, path))
    try:
        return time.fromisoformat(raw)
    except ValueError:
        raise ProfileError(path, None, f"office_hours.{key}", f"'{raw}' is not HH:MM") from None


def _read_csv(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Rows with their 1-based line numbers (the header is line 1)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [name for name in required if name not in (reader.fieldnames or [])]
            if missing:
                raise ProfileError(path, 1, missing[0], "column is missing from the header")
            rows = []
            for row in reader:
                for name in required:
                    if not (row.get(name) or "").strip() and name in _NON_EMPTY:
                        raise ProfileError(path, reader.line_num, name, "is empty")
                rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}))
            return rows
    except FileNotFoundError:
        raise ProfileError(path, None, None, "file is missing") from None
    except UnicodeDecodeError as exc:
        raise ProfileError(path, None, None, f"is not UTF-8 ({exc.reason})") from None


_NON_EMPTY = frozenset({"code", "name_kk", "name_ru", "kind", "default_department", "canonical_kk"})


def _read_departments(path: Path) -> list[Department]:
    result = []
    for line, row in _read_csv(path, ("code", "name_kk", "name_ru", "kind")):
        if row["kind"] not in DEPARTMENT_KINDS:
            raise ProfileError(
                path, line, "kind", f"'{row['kind']}' is not one of {sorted(DEPARTMENT_KINDS)}"
            )
        settlement = row.get("settlement") or None
        if (row["kind"] == "settlement") != (settlement is not None):
            raise ProfileError(
                path, line, "settlement", "is required for kind 'settlement' and only for it"
            )
        result.append(
            Department(row["code"], row["name_kk"], row["name_ru"], row["kind"], settlement)
        )
    return result


def _check_settlement_offices(
    path: Path, departments: dict[str, Department], places: tuple[Place, ...]
) -> None:
    settlements = {place.canonical for place in places if place.kind == "settlement"}
    for dept in departments.values():
        if dept.settlement is not None and dept.settlement not in settlements:
            raise ProfileError(
                path, None, "settlement",
                f"'{dept.settlement}' (department {dept.code}) is not a settlement in places.csv",
            )  # fmt: skip


def _read_categories(path: Path, departments: dict[str, Department]) -> list[Category]:
    columns = (
        "code",
        "name_kk",
        "name_ru",
        "name_en",
        "default_department",
        "respond_hours",
        "resolve_hours",
    )
    result = []
    for line, row in _read_csv(path, columns):
        if row["default_department"] not in departments:
            raise ProfileError(
                path,
                line,
                "default_department",
                f"unknown department '{row['default_department']}'",
            )
        hours = {
            name: _positive_int(row[name], path, line, name)
            for name in ("respond_hours", "resolve_hours")
        }
        result.append(
            Category(
                row["code"],
                row["name_kk"],
                row["name_ru"],
                row["name_en"],
                row["default_department"],
                **hours,
            )
        )
    return result


def _read_places(path: Path) -> list[Place]:
    """Places with their aliases; optional columns: kk, lat, lon, also_means."""
    result: list[Place] = []
    lines: dict[str, int] = {}
    for line, row in _read_csv(path, ("canonical_kk", "kind", "ru", "latin", "parent")):
        _check_choice(row, "kind", PLACE_KINDS, path, line)
        _check_choice(row, "also_means", ALSO_MEANS, path, line)
        canonical = row["canonical_kk"]
        if canonical in lines:
            message = f"'{canonical}' is already on line {lines[canonical]}"
            raise ProfileError(path, line, "canonical_kk", message)
        lines[canonical] = line
        columns = ("kk", "ru", "latin")
        aliases = [a.strip() for col in columns for a in row.get(col, "").split(";") if a.strip()]
        result.append(
            Place(
                canonical=canonical,
                kind=row["kind"],
                aliases=tuple(dict.fromkeys(a for a in aliases if a != canonical)),
                parent=row["parent"] or None,
                lat=_coordinate(row.get("lat", ""), path, line, "lat", 90),
                lon=_coordinate(row.get("lon", ""), path, line, "lon", 180),
                also_means=row.get("also_means") or None,
            )
        )
    for place in result:
        if place.parent and place.parent not in lines:
            line = lines[place.canonical]
            message = f"'{place.parent}' is not a place of this file"
            raise ProfileError(path, line, "parent", message)
    return result


def _check_choice(
    row: dict[str, str], name: str, allowed: frozenset[str], path: Path, line: int
) -> None:
    value = row.get(name, "")
    if value and value not in allowed:
        raise ProfileError(path, line, name, f"'{value}' is not one of {sorted(allowed)}")


def _coordinate(raw: str, path: Path, line: int, name: str, limit: float) -> float | None:
    value = _optional_float(raw, path, line, name)
    if value is not None and not -limit <= value <= limit:
        raise ProfileError(path, line, name, f"{value} is outside -{limit}..{limit}")
    return value


def _positive_int(raw: str, path: Path, line: int, name: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ProfileError(path, line, name, f"'{raw}' is not a whole number") from None
    if value <= 0:
        raise ProfileError(path, line, name, "must be greater than zero")
    return value


def _optional_float(raw: str, path: Path, line: int, name: str) -> float | None:
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise ProfileError(path, line, name, f"'{raw}' is not a number") from None
