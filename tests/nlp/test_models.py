"""The trained reader: committed artefacts load, training is deterministic, inference is numpy."""

from pathlib import Path

import numpy as np
import pytest

from halyq.city.profile import CityProfile
from halyq.nlp.classify import read_evidence
from halyq.nlp.models.corpus import (
    POSTS,
    POSTS_2,
    POSTS_3,
    POSTS_4,
    labelled_posts,
    labelled_split,
    split_posts,
)
from halyq.nlp.models.linear import MODELS_DIR, ModelMissingError, default_reader, load_reader
from halyq.nlp.models.train import train

pytestmark = pytest.mark.filterwarnings("ignore:The number of unique classes")

HEADS = {
    "complaint": ("no", "yes"),
    "domain": ("informal", "formal"),
    "sentiment": ("negative", "neutral", "positive"),
    "review": ("post", "review"),
}


def test_the_committed_artefacts_load_and_are_small() -> None:
    reader = default_reader()
    for name, labels in HEADS.items():
        assert reader.heads[name].labels == labels
    assert len(reader.heads["category"].labels) >= 20
    assert reader.weights.shape[0] == len(reader.vocabulary) + len(reader.rule_names)
    assert (MODELS_DIR / "reader.npy").stat().st_size < 5_000_000
    assert (MODELS_DIR / "reader.json").stat().st_size < 2_000_000
    assert (MODELS_DIR / "MODEL_CARD.md").read_text(encoding="utf-8").count("macro-F1") >= 2


def test_every_head_gives_shares_that_sum_to_one() -> None:
    scores = default_reader().scores(read_evidence("Шұғылада 3 күн болды су жоқ"))
    for shares in scores.values():
        assert sum(shares.values()) == pytest.approx(1.0, abs=1e-5)
        assert all(0.0 <= share <= 1.0 for share in shares.values())


def test_a_missing_artefact_says_how_to_rebuild_it(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match="halyq train"):
        load_reader(tmp_path)


def test_the_held_out_split_is_fixed_and_stratified() -> None:
    posts = labelled_posts()
    train_part, held = split_posts(posts)
    assert len(held) == 134 and len(train_part) + len(held) == len(posts)
    assert {e.group for e in held}.isdisjoint({e.group for e in train_part})
    assert [e.group for e in split_posts(posts)[1]] == [e.group for e in held]
    held_complaints = sum(bool(e.is_complaint) for e in held)
    assert 0.45 < held_complaints / len(held) < 0.65


def test_each_labelled_file_is_split_on_its_own() -> None:
    train_part, held = labelled_split()
    first = labelled_posts(POSTS)
    later = [labelled_posts(path) for path in (POSTS_2, POSTS_3, POSTS_4)]
    helds = [{e.group for e in split_posts(posts)[1]} for posts in (first, *later)]
    # adding a file moved no post of an earlier one between train and held-out
    assert {e.group for e in held} == set.union(*helds)
    for posts, posts_held in zip(later, helds[1:], strict=True):
        assert len(posts) >= 300 and 0.25 < len(posts_held) / len(posts) < 0.35
    assert {e.group for e in train_part}.isdisjoint({e.group for e in held})
    ids = [{e.group for e in posts} for posts in (first, *later)]
    assert sum(map(len, ids)) == len(set.union(*ids))


@pytest.fixture(scope="module")
def small_models(tmp_path_factory: pytest.TempPathFactory, profile: CityProfile) -> list[Path]:
    folders = [tmp_path_factory.mktemp(f"run{n}") for n in range(2)]
    for folder in folders:
        train(profile, folder=folder, limit=40, with_card=False)
    return folders


def test_training_is_deterministic(small_models: list[Path]) -> None:
    first, second = small_models
    for name in ("reader.json", "reader.npy"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_a_saved_reader_reads_like_the_trained_one(
    small_models: list[Path], profile: CityProfile
) -> None:
    reader = load_reader(small_models[0])
    again = train(profile, folder=small_models[0], limit=40, with_card=False)
    evidence = read_evidence("Көшеде жарық жоқ, кешке қараңғы, балалар қорқады")
    for name, shares in reader.scores(evidence).items():
        fresh = again.scores(evidence)[name]
        assert np.allclose(list(shares.values()), list(fresh.values()), atol=1e-6)
