import itertools

import pytest

from halyq.city.profile import CityProfile
from halyq.nlp.places import PlaceMatch, find_places


def places_in(text: str, profile: CityProfile) -> list[PlaceMatch]:
    found = find_places(text, profile.places)
    for match in found:
        assert text[match.start : match.end] == match.surface
    return found


@pytest.mark.parametrize(
    ("text", "surface", "canonical", "kind", "house"),
    [
        ("Абай даңғылы 45-те су жоқ", "Абай даңғылы 45", "Абай", "avenue", "45"),
        ("ул. Абая, д. 12/3, нет света", "ул. Абая, д. 12/3", "Абай", "avenue", "12/3"),
        ("проспект Абая 45а", "проспект Абая 45а", "Абай", "avenue", "45а"),
        ("Абаю нужен ремонт", "Абаю", "Абай", "avenue", None),
        ("Abay 10 da jaryq joq", "Abay 10", "Абай", "avenue", "10"),
        ("Шұғылада 3 күн болды су жоқ", "Шұғылада", "Шұғыла", "microdistrict", None),
        ("в Шугыле нет воды", "Шугыле", "Шұғыла", "microdistrict", None),
        ("мкр Шугыла 5 дом", "мкр Шугыла 5", "Шұғыла", "microdistrict", "5"),
        ("Shugyla mkr 12a, su joq", "Shugyla mkr 12a", "Шұғыла", "microdistrict", "12a"),
        ("Жібек жолы көшесінде жарық жоқ", "Жібек жолы көшесінде", "Жібек жолы", "street", None),
        ("Zhibek zholy 8 uy", "Zhibek zholy 8 uy", "Жібек жолы", "street", "8"),
        ("Тоқмағамбетов 5а, кв 12", "Тоқмағамбетов 5а", "Тоқмағамбетов", "street", "5а"),
        ("Аль Фараби көшесі, № 45", "Аль Фараби көшесі, № 45", "Әл-Фараби", "street", "45"),
        ("СПМК-70 ықшамауданы", "СПМК-70 ықшамауданы", "СПМК-70", "microdistrict", None),
        ("в Комсомольском темно", "Комсомольском", "Комсомол", "microdistrict", None),
        ("Белкөлдегі мектеп", "Белкөлдегі", "Белкөл", "settlement", None),
        ("поселок Белколь без газа", "поселок Белколь", "Белкөл", "settlement", None),
        ("вокзалда жарық жоқ", "вокзалда", "Теміржол вокзалы", "landmark", None),
        ("Сырдария өзенінің жағасы лас", "Сырдария өзенінің", "Сырдария өзені", "landmark", None),
        ("Қызылорда қаласы", "Қызылорда қаласы", "Қызылорда", "city", None),
    ],
)
def test_place_mentions(
    profile: CityProfile, text: str, surface: str, canonical: str, kind: str, house: str | None
) -> None:
    [match] = places_in(text, profile)
    assert (match.surface, match.canonical, match.kind, match.house) == (
        surface,
        canonical,
        kind,
        house,
    )


def test_offsets_are_exact_in_a_long_mixed_post(profile: CityProfile) -> None:
    text = (
        "Сәлеметсіз бе! Абай даңғылы 45 үйде су жоқ, а на ул. Жибек жолы 12 и в мкр. Арай "
        "тоже нет света. Shugyla mkr-da da solai."
    )
    found = places_in(text, profile)
    assert [m.canonical for m in found] == ["Абай", "Жібек жолы", "Арай", "Шұғыла"]
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert found[0].surface == "Абай даңғылы 45 үйде"
    assert found[1].surface == "ул. Жибек жолы 12"


def test_a_street_in_a_settlement_carries_its_district(profile: CityProfile) -> None:
    found = places_in("Белкөлдегі Әбдіқадыров көшесі 7 үй", profile)
    assert [(m.canonical, m.district) for m in found] == [
        ("Белкөл", None),
        ("Әбдіқадыров", "Белкөл"),
    ]
    assert found[1].house == "7"


def test_a_count_after_a_name_is_not_a_house_number(profile: CityProfile) -> None:
    [match] = places_in("Абай 150 жыл", profile)
    assert match.house is None
    [match] = places_in("Шұғылада 3 күн су жоқ", profile)
    assert match.house is None


@pytest.mark.parametrize(
    "text",
    [
        "Абайлаңыз, жол тайғақ",  # "be careful", not Abai avenue
        "Арайлым апай келді",  # a girl's name starting with Арай
        "Олардың арасында жарық жоқ",  # "among them"
        "Наурыз мерекесі құтты болсын",  # the holiday, not the dacha area
        "12 желтоқсан",  # a date, not the street
        "Сәулет бөлімі жауап бермейді",  # the architecture department
    ],
)
def test_names_inside_other_words_and_common_words_are_not_places(
    profile: CityProfile, text: str
) -> None:
    assert places_in(text, profile) == []


def test_ambiguous_names_count_with_a_type_word(profile: CityProfile) -> None:
    [match] = places_in("Наурыз саяжайында жарық жоқ", profile)
    assert (match.canonical, match.kind) == ("Наурыз", "dacha")
    [match] = places_in("Желтоқсан көшесі 5", profile)
    assert (match.canonical, match.house) == ("Желтоқсан", "5")


def test_coordinates_come_from_the_profile(profile: CityProfile) -> None:
    [match] = places_in("Арайда", profile)
    place = next(p for p in profile.places if p.canonical == "Арай")
    assert (match.lat, match.lon) == (place.lat, place.lon)
