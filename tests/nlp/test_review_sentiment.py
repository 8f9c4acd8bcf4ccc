"""The review-sentiment stage: the committed model on reviews written for these tests (none of
them is in KazSAnDRA), through `analyze` and on its own, and a deterministic rebuild."""

from __future__ import annotations

from pathlib import Path

import pytest

from halyq.city.profile import CityProfile
from halyq.nlp.analyze import analyze
from halyq.nlp.models.linear import ModelMissingError
from halyq.nlp.models.review_sentiment import (
    default_model,
    load_model,
    train_and_save,
    train_model,
)

POSITIVE = [
    "Өте жақсы қосымша, маған қатты ұнады, рахмет!",
    "Тез жеткізді, сапасы керемет, көп рахмет!",
    "Керемет қосымша 👍👍",
]
NEGATIVE = [
    "Қосымша қатып қалады, ашылмайды, ақшамды қайтарыңдар",
    "Өте нашар, ештеңе жұмыс істемейді",
    "Тапсырыс келмеді, ақша қайтарылмады. Алдамшылар",
]
# "жақсы" (good) negated by "емес": the words alone lean positive.
NEGATED = ["Сапасы жақсы емес, ұнамады", "Қосымша жақсы емес, жиі қатып қалады"]
# The same reviews typed in Latin letters: 2021 alphabet, then informal spelling.
LATIN = {
    "Óte jaqsy qosymsha, maǵan unady": "positive",
    "Ote jaksy prilozhenie, unady rahmet": "positive",
    "Qosymsha qatyp qalady, ashylmaidy, jaman": "negative",
    "Kosymsha nashar, katyp kalady": "negative",
}


@pytest.mark.parametrize("text", POSITIVE)
def test_a_clear_praise_reads_positive(text: str, profile: CityProfile) -> None:
    assert default_model().read(text) == "positive"
    assert analyze(text, created_at=None, profile=profile).sentiment == "positive"


@pytest.mark.parametrize("text", [*NEGATIVE, *NEGATED])
def test_a_clear_complaint_about_a_product_reads_negative(text: str, profile: CityProfile) -> None:
    assert default_model().read(text) == "negative"
    assert analyze(text, created_at=None, profile=profile).sentiment == "negative"


@pytest.mark.parametrize(("text", "sentiment"), sorted(LATIN.items()))
def test_latin_spelling_reads_like_cyrillic(text: str, sentiment: str) -> None:
    assert default_model().read(text) == sentiment


@pytest.mark.parametrize("praise", ["Жақсы", "Қосымша жақсы", "Сапасы жақсы"])
def test_emes_lowers_the_margin_of_praise(praise: str) -> None:
    model = default_model()
    assert model.margin(f"{praise} емес") < model.margin(praise) - 0.5


def test_negated_praise_reads_negative() -> None:
    # "Сапасы жақсы емес" alone still reads (weakly) positive: docs/QUALITY.md.
    assert default_model().read("Жақсы емес") == "negative"
    assert default_model().read("Қосымша жақсы емес") == "negative"


def test_training_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    train_and_save(first, limit=800)
    train_and_save(second, limit=800)
    for name in ("review_sentiment.json", "review_sentiment.npy"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_a_saved_model_reads_as_the_trained_one(tmp_path: Path) -> None:
    trained = train_and_save(tmp_path, limit=800)
    loaded = load_model(tmp_path)
    for text in [*POSITIVE, *NEGATIVE, *LATIN]:
        assert loaded.margin(text) == pytest.approx(trained.margin(text), abs=1e-4)


def test_a_missing_artefact_says_how_to_rebuild_it(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match="halyq train"):
        load_model(tmp_path)


def test_one_class_alone_cannot_be_learnt() -> None:
    with pytest.raises(ValueError, match="positive and negative"):
        train_model(POSITIVE, [True] * len(POSITIVE))
