"""The Kazakh ending stripper, on proper Kazakh and on match keys (Kazakh letters folded)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from halyq.nlp.kazakh_stem import MIN_STEM, kazakh_stem
from halyq.nlp.normalise import match_key


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("шамдар", "шам"),  # plural
        ("суы", "су"),  # possessive
        ("суда", "су"),  # locative
        ("мектептерде", "мектеп"),  # plural + locative
        ("мектептеріміздегі", "мектеп"),  # plural + possessive + "the one at"
        ("баласына", "бала"),  # possessive + dative
        ("балама", "бала"),  # possessive -м + dative -а
        ("көшесінде", "көше"),
        ("үйлерде", "үй"),
        ("қаланың", "қала"),
        ("иттер", "ит"),
        ("кітаптарымызды", "кітап"),
    ],
)
def test_case_possessive_and_plural_endings_come_off(word: str, stem: str) -> None:
    assert kazakh_stem(word) == stem


@pytest.mark.parametrize("word", ["су", "ауыл", "бала", "ит", "жоқ", "кеше"])
def test_bare_stems_stay_as_they_are(word: str) -> None:
    assert kazakh_stem(word) == word


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("сулар", "су"),  # a back vowel takes -лар ...
        ("үйлер", "үй"),  # ... a front one -лер
        ("үйлар", "үйлар"),  # a back ending on a front stem is not an ending
        ("қалалер", "қалалер"),  # nor a front one on a back stem
    ],
)
def test_an_ending_must_agree_with_the_stem_by_vowel_harmony(word: str, stem: str) -> None:
    assert kazakh_stem(word) == stem


@pytest.mark.parametrize(
    ("word", "stem"),
    [("Шұғылада", "шугыла"), ("көшелерінде", "коше"), ("мектебінде", "мектеб")],
)
def test_folded_match_keys_are_stemmed_too(word: str, stem: str) -> None:
    # ә ө ұ ү і fold to vowels that may be back or front, so either harmony is accepted.
    assert kazakh_stem(match_key(word)) == stem


@given(st.text(alphabet="абвгдежзийклмнопрстуфхцчшыіәғқңөұүһ", max_size=20))
def test_a_stem_is_a_prefix_of_the_word_and_never_too_short(word: str) -> None:
    stem = kazakh_stem(word)
    assert word.startswith(stem)
    assert stem == word or len(stem) >= MIN_STEM
