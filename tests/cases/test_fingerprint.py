"""Near-copy fingerprints: the copy key, shingles, and stable LSH bands."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from halyq.cases.fingerprint import (
    BANDS,
    copy_key,
    index_open_cases,
    jaccard,
    shingles,
    text_bands,
)
from halyq.cases.intake import Filed
from halyq.cases.workflow import OPEN_STATUSES
from halyq.db.models import PostBand
from tests.cases.conftest import add_post

TEXT = "Жібек жолы көшесі 12 үйдің алдында су құбыры жарылып кетті, үйде су жоқ! Көмектесіңдер"


def test_the_copy_key_drops_noise_and_folds_scripts() -> None:
    assert copy_key("Су ЖОҚ!!! https://t.me/x/1 @akimat #Қызылорда 🙏") == "су жок"
    assert copy_key("Zhibek zholy 12") == copy_key("Жібек жолы 12!")


def test_a_repost_is_similar_and_another_text_is_not() -> None:
    repost = shingles("Переслано: " + TEXT + " #repost")
    assert jaccard(shingles(TEXT), repost) > 0.75
    other = shingles("Шұғыла 23 үйде батареялар мүлдем суық, пәтерде +14, балалар ауырып жатыр")
    assert jaccard(shingles(TEXT), other) < 0.1


def test_short_texts_have_no_fingerprint() -> None:
    assert shingles("Су жоқ!!!") == frozenset() and text_bands("Су жоқ!!!") == ()


def test_bands_are_stable_signed_64_bit_keys() -> None:
    bands = text_bands(TEXT)
    assert len(bands) == BANDS and all(-(2**63) <= band < 2**63 for band in bands)
    # Stored in the database: a library upgrade or a restart must not change them.
    assert bands == text_bands(TEXT + "") and bands[0] == text_bands(TEXT)[0]
    assert len(set(bands) & set(text_bands("Репост: " + TEXT))) >= 1


def test_posts_of_open_cases_without_bands_are_indexed_once(
    db: sessionmaker[Session], file: Callable[..., Filed]
) -> None:
    with db.begin() as session:
        file(session, add_post(session, TEXT))
        session.execute(delete(PostBand))  # as after migrating a database from before
        assert index_open_cases(session, open_statuses=OPEN_STATUSES) == 1
        assert session.scalar(select(func.count()).select_from(PostBand)) == BANDS
        assert index_open_cases(session, open_statuses=OPEN_STATUSES) == 0
