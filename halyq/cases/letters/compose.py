"""The cover letter of a case forwarded to a body outside the akimat, in Kazakh and Russian.

The wording is a Jinja2 text template per language (forward.kk.txt, forward.ru.txt here; a
file of the same name in the profile's `letters/` folder overrides it); who sends and signs
comes from the profile's `letters/forward.yaml`. A letter is a list of blocks
(`{"lang", "kind", "text"}`): the plain text and the DOCX are both laid out from them, and
the SHA-256 of the plain text is what the audit trail keeps.

Personal data stay out: the letter carries the case's redacted summary and links to the
posts, never names, phone numbers or IINs (see `letter_facts`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import jinja2
import yaml

from halyq.city.profile import CityProfile
from halyq.db.models import Case, Post

LANGS = ("kk", "ru")
BLOCK_KINDS = ("sender", "outgoing", "addressee", "title", "body", "facts", "attachments",
               "signature")  # fmt: skip
BUNDLED = Path(__file__).parent
_TAG = re.compile(r"^\[(?P<kind>[a-z]+)\] ?")
LANGUAGE_RULE = "\n\n" + "—" * 40 + "\n\n"  # between the Kazakh and the Russian letter
BLANK_SIGNATURE = "_______________"


class LetterError(ValueError):
    """The profile's letter settings or templates are wrong; names the file."""


@dataclass(frozen=True)
class Signer:
    department: str
    position_kk: str
    position_ru: str
    name: str


@dataclass(frozen=True)
class LetterSettings:
    sender: dict[str, str]  # lang → the sending office
    akimat: dict[str, str]
    akimat_kk_dative: str
    signer: Signer


def load_letter_settings(profile: CityProfile) -> LetterSettings:
    """The profile's `letters/forward.yaml`; LetterError names the file and the field."""
    path = profile.root / "letters" / "forward.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise LetterError(f"{path}: file is missing; forwarded cases need it") from None
    except yaml.YAMLError as exc:
        raise LetterError(f"{path}: {exc}") from None
    signer = data.get("signer") or {}

    def need(mapping: dict[str, Any], key: str, label: str) -> str:
        value = mapping.get(key)
        if not isinstance(value, str) or not value.strip():
            raise LetterError(f"{path}, field '{label}': is required")
        return value.strip()

    department = need(signer, "department", "signer.department")
    if department not in profile.departments:
        raise LetterError(f"{path}, field 'signer.department': unknown department '{department}'")
    return LetterSettings(
        sender={lang: need(data, f"sender_{lang}", f"sender_{lang}") for lang in LANGS},
        akimat={lang: need(data, f"akimat_{lang}", f"akimat_{lang}") for lang in LANGS},
        akimat_kk_dative=need(data, "akimat_kk_dative", "akimat_kk_dative"),
        signer=Signer(
            department=department,
            position_kk=need(signer, "position_kk", "signer.position_kk"),
            position_ru=need(signer, "position_ru", "signer.position_ru"),
            name=str(signer.get("name") or "").strip(),
        ),
    )


def compose_letter(
    profile: CityProfile, *, case: Case, posts: list[Post], department: str, at: datetime
) -> list[dict[str, str]]:
    """The letter's blocks, Kazakh first, for sending `case` to `department` at `at`."""
    settings = load_letter_settings(profile)
    env = _environment(profile)
    facts = letter_facts(case, posts, zone=ZoneInfo(profile.timezone))
    addressee = profile.departments[department]
    blocks: list[dict[str, str]] = []
    for lang in LANGS:
        context = {
            **facts,
            "date": at.astimezone(ZoneInfo(profile.timezone)).strftime("%d.%m.%Y"),
            "sender": settings.sender[lang],
            "akimat": settings.akimat[lang],
            "akimat_dative": settings.akimat_kk_dative,
            "addressee": addressee.name_kk if lang == "kk" else addressee.name_ru,
            "category": _category_name(profile, case.category, lang),
            "signer_position": getattr(settings.signer, f"position_{lang}"),
            "signer_name": settings.signer.name or BLANK_SIGNATURE,
        }
        try:
            text = env.get_template(f"forward.{lang}.txt").render(context)
        except jinja2.TemplateError as exc:
            raise LetterError(f"letter template forward.{lang}.txt: {exc}") from None
        blocks += [{"lang": lang, **block} for block in parse_blocks(text)]
    return blocks


def letter_facts(case: Case, posts: list[Post], *, zone: ZoneInfo) -> dict[str, Any]:
    """What the letter says about the case: category, street and house, period, residents,
    the redacted summary and links to the posts. Nothing here names or reaches a resident."""
    first = case.first_post_at.astimezone(zone).strftime("%d.%m.%Y")
    last = case.last_post_at.astimezone(zone).strftime("%d.%m.%Y")
    place = case.place_canonical
    if place and case.place_house:
        place = f"{place}, {case.place_house}"
    return {
        "track": case.track,
        "place": place,
        "period": first if first == last else f"{first} – {last}",
        "residents": case.residents,
        "summary": case.summary,
        "links": [_link(post) for post in posts],
    }


def parse_blocks(text: str) -> list[dict[str, str]]:
    """Split a rendered template into blocks at blank lines; `[kind] ` starts a tagged one."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip("\n ")
        if not chunk:
            continue
        match = _TAG.match(chunk)
        kind = match.group("kind") if match else "body"
        if kind not in BLOCK_KINDS:
            raise LetterError(f"letter block [{kind}] is not one of {', '.join(BLOCK_KINDS)}")
        blocks.append({"kind": kind, "text": chunk[match.end() :] if match else chunk})
    return blocks


def letter_text(blocks: list[dict[str, str]]) -> str:
    """The plain-text letter: blocks at blank lines, the two languages under a rule."""
    return (
        LANGUAGE_RULE.join(
            "\n\n".join(b["text"] for b in blocks if b["lang"] == lang) for lang in LANGS
        )
        + "\n"
    )


def letter_sha256(blocks: list[dict[str, str]]) -> str:
    return hashlib.sha256(letter_text(blocks).encode("utf-8")).hexdigest()


def _link(post: Post) -> str:
    # A post without a web address (a webform appeal) is named by its channel and number.
    url = (post.url or "").strip()
    if urlsplit(url).scheme.lower() in ("http", "https"):
        return url
    return f"{post.source} № {post.external_id}"


def _category_name(profile: CityProfile, code: str, lang: str) -> str:
    category = profile.categories.get(code)
    if category is None:
        return code
    return category.name_kk if lang == "kk" else category.name_ru


def _environment(profile: CityProfile) -> jinja2.Environment:
    # Plain text and DOCX, never HTML: nothing here is rendered in a browser.
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(profile.root / "letters"), jinja2.FileSystemLoader(BUNDLED)]
        ),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
