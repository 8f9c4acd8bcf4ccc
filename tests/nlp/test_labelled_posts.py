"""The labelled posts files follow data/posts/README.md: offsets, codes and label rules."""

import json
from pathlib import Path
from typing import Any

import pytest

from halyq.city.profile import CityProfile
from halyq.nlp.models.corpus import LABELLED_FILES, PENDING_FILES

LANGS = {"kk", "ru", "mixed", "other"}
SCRIPTS = {"cyrillic", "cyrillic_simplified", "latin", "mixed_script"}
KINDS = {"city", "settlement", "microdistrict", "dacha", "street", "avenue", "landmark", "facility"}


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("path", LABELLED_FILES + PENDING_FILES, ids=lambda p: p.name)
def test_every_row_follows_the_format(path: Path, profile: CityProfile) -> None:
    rows = _rows(path)
    canonical = {place.canonical for place in profile.places}
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        text = str(row["text"])
        assert row["lang"] in LANGS and row["script"] in SCRIPTS, row["id"]
        assert (row["category"] is None) == (not row["is_complaint"]), row["id"]
        assert (row["urgency"] is None) == (not row["is_complaint"]), row["id"]
        assert row["category"] is None or row["category"] in profile.categories, row["id"]
        assert row["sentiment"] in {"negative", "neutral", "positive"}, row["id"]
        assert row["event_surface"] is None or row["event_surface"] in text, row["id"]
        for place in row["places"]:
            assert text[place["start"] : place["end"]] == place["surface"], row["id"]
            assert place["kind"] in KINDS, row["id"]
            assert place["canonical"] is None or place["canonical"] in canonical, row["id"]


def test_no_text_is_in_two_files() -> None:
    texts = [{str(row["text"]) for row in _rows(path)} for path in LABELLED_FILES + PENDING_FILES]
    for index, first in enumerate(texts):
        for second in texts[index + 1 :]:
            assert not first & second
