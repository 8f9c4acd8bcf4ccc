import pytest

from halyq.nlp.normalise import blank_spans, fold_kazakh, key_text, latin_to_cyrillic, match_key


def test_fold_kazakh_maps_kazakh_letters_to_plain_cyrillic_and_lowercases() -> None:
    assert fold_kazakh("ӘҒҚҢӨҰҮҺІ әғқңөұүһі") == "агкноуухи агкноуухи"
    assert fold_kazakh("Суы ЖОҚ, Шұғыла") == "суы жок, шугыла"


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Shugyla", "Шугыла"),
        ("Şuğyla", "Шуғыла"),
        ("su joq", "су жоқ"),
        ("Zhibek zholy", "Жібек жолы"),
        ("Kyzylorda", "Кызылорда"),
        ("Syrdariya", "Сырдарія"),
        ("Amangeldi", "Амангелді"),  # "ng" before a vowel is н + г
        ("keng", "кең"),
        ("Ásem", "Әсем"),
        ("Су жоқ", "Су жоқ"),  # Cyrillic passes through
    ],
)
def test_latin_to_cyrillic(latin: str, cyrillic: str) -> None:
    assert latin_to_cyrillic(latin) == cyrillic


def test_match_key_makes_three_spellings_of_kazakh_equal() -> None:
    assert match_key("Суы жоқ") == match_key("суы жок") == match_key("suy joq") == "суы жок"


def test_match_key_folds_yo_and_short_i_so_latin_names_meet_cyrillic_ones() -> None:
    assert match_key("Абай") == match_key("Abai")
    assert match_key("всё") == "все"


def test_the_dotless_i_of_both_official_alphabets_meets_cyrillic() -> None:
    # 2021: ı is і ("köşesındegı"); 2018: ı is и/й ("Ǵabıt", "Aıgúl"); both fold to "и"
    assert match_key("köşesındegı") == match_key("көшесіндегі")
    assert match_key("Bır aptadan berı") == match_key("Бір аптадан бері")
    assert match_key("Aıgúl") == match_key("Айгүл")


@pytest.mark.parametrize(
    "text",
    [
        "Shugyla mkr, zhok",  # digraphs shrink the key
        "Ｓｕ жоқ ﬁx №5",  # full-width letters, a ligature and № take the slow path
        "и\u0306 и\u0306",  # a combining breve composes into й
        "İstanbul",  # lower-casing İ gives two characters
    ],
)
def test_key_spans_map_back_into_the_original_text(text: str) -> None:
    keyed = key_text(text)
    for start in range(len(keyed.key)):
        for end in range(start + 1, len(keyed.key) + 1):
            text_start, text_end = keyed.span(start, end)
            assert 0 <= text_start < text_end <= len(text)


def test_key_span_of_a_transliterated_word_is_the_latin_word() -> None:
    text = "zhok shugyla"
    keyed = key_text(text)
    start = keyed.key.index("шугыла")
    text_start, text_end = keyed.span(start, start + len("шугыла"))
    assert text[text_start:text_end] == "shugyla"


def test_blank_spans_keeps_offsets() -> None:
    text = "Абай даңғылы 45, су жоқ"
    blanked = blank_spans(text, [(0, 15)])
    assert len(blanked) == len(text)
    assert blanked.endswith(", су жоқ")
    assert blanked[:15].strip() == ""
