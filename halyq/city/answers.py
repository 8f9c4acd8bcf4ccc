"""Answer templates of a city profile: `answers.yaml`, the first draft of every answer.

Each top-level key is a category code from categories.csv, a family name whose `categories`
list names its codes, or `default` (required) for every category no other entry covers.
Each entry has a Kazakh (`kk`) and a Russian (`ru`) text; placeholders in braces are filled
when the draft is shown: {number} (the tracking number), {place} (street or area, never a
house), {department}, {category} and {date} (today, dd.mm.yyyy). The file is optional.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from halyq.city.profile import ProfileError

ANSWERS_FILE = "answers.yaml"
LANGS = ("kk", "ru")
PLACEHOLDERS = frozenset({"number", "place", "department", "category", "date"})
DEFAULT = "default"


@dataclass(frozen=True)
class AnswerTemplates:
    """{category code: {"kk": text, "ru": text}} and the default for the others."""

    default: dict[str, str]
    by_category: dict[str, dict[str, str]] = field(default_factory=dict)

    def for_category(self, code: str) -> dict[str, str]:
        return self.by_category.get(code, self.default)


def load_answer_templates(root: Path, categories: Iterable[str]) -> AnswerTemplates | None:
    """The profile's answer templates, None without an answers.yaml; ProfileError names the
    file, line and key of whatever is wrong."""
    path = root / ANSWERS_FILE
    if not path.is_file():
        return None
    document = _compose(path)
    if not isinstance(document, MappingNode):
        raise ProfileError(path, _line(document), None, "expected a mapping of templates")
    known = frozenset(categories)
    entries: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {}
    for key_node, value_node in document.value:
        key = _scalar(path, key_node, None)
        if key in entries:
            raise ProfileError(path, _line(key_node), key, "appears twice")
        entries[key] = _entry(path, key, value_node, known)
    if DEFAULT not in entries:
        raise ProfileError(path, None, DEFAULT, "is required: the answer for other categories")
    return AnswerTemplates(default=entries.pop(DEFAULT)[0], by_category=_by_category(path, entries))


def _compose(path: Path) -> Node | None:
    try:
        return yaml.compose(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ProfileError(path, None, None, f"is not UTF-8 ({exc.reason})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ProfileError(path, mark.line + 1 if mark else None, None, str(exc)) from None


def _entry(
    path: Path, key: str, node: Node, known: frozenset[str]
) -> tuple[dict[str, str], tuple[str, ...]]:
    """(texts by language, the category codes it covers) of one top-level entry."""
    if not isinstance(node, MappingNode):
        raise ProfileError(path, _line(node), key, "expected kk, ru (and categories for a family)")
    fields = {_scalar(path, k, key): v for k, v in node.value}
    unknown = set(fields) - {*LANGS, "categories"}
    if unknown:
        raise ProfileError(path, _line(node), key, f"unknown field '{sorted(unknown)[0]}'")
    texts = {lang: _text(path, key, lang, fields.get(lang), node) for lang in LANGS}
    if "categories" in fields:
        codes = _codes(path, key, fields["categories"])
    elif key == DEFAULT:
        codes = ()
    else:
        codes = (key,)
    for code in codes:
        if code not in known:
            raise ProfileError(path, _line(node), key, f"'{code}' is not a category code")
    return texts, codes


def _text(path: Path, key: str, lang: str, node: Node | None, parent: Node) -> str:
    where = f"{key}.{lang}"
    if node is None:
        raise ProfileError(path, _line(parent), where, "is required")
    text = _scalar(path, node, where).strip()
    if not text:
        raise ProfileError(path, _line(node), where, "is empty")
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise ProfileError(path, _line(node), where, f"braces do not match ({exc})") from None
    wrong = names - PLACEHOLDERS
    if wrong:
        allowed = ", ".join("{" + name + "}" for name in sorted(PLACEHOLDERS))
        message = f"unknown placeholder {{{sorted(wrong)[0]}}}; use {allowed}"
        raise ProfileError(path, _line(node), where, message)
    return text


def _codes(path: Path, key: str, node: Node) -> tuple[str, ...]:
    if not isinstance(node, SequenceNode) or not node.value:
        raise ProfileError(path, _line(node), f"{key}.categories", "expected a list of codes")
    return tuple(_scalar(path, item, f"{key}.categories") for item in node.value)


def _by_category(
    path: Path, entries: dict[str, tuple[dict[str, str], tuple[str, ...]]]
) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    owner: dict[str, str] = {}
    for key, (texts, codes) in entries.items():
        for code in codes:
            if code in owner:
                message = f"category '{code}' already has a template under '{owner[code]}'"
                raise ProfileError(path, None, key, message)
            owner[code], result[code] = key, texts
    return result


def _scalar(path: Path, node: Node, where: str | None) -> str:
    if not isinstance(node, ScalarNode):
        raise ProfileError(path, _line(node), where, "expected a text")
    return str(node.value)


def _line(node: Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None
