import itertools

import pytest

from halyq.city.profile import CityProfile
from halyq.nlp.ner_places import locate_places
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


def test_a_settlement_and_its_streets_carry_the_settlement_as_district(
    profile: CityProfile,
) -> None:
    found = places_in("Белкөлдегі Әбдіқадыров көшесі 7 үй", profile)
    assert [(m.canonical, m.district) for m in found] == [
        ("Белкөл", "Белкөл"),
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


@pytest.mark.parametrize(
    ("text", "surface", "canonical", "kind", "house"),
    [
        # Kazakh case and possessive endings, with and without the type word.
        ("Абай даңғылындағы аялдама", "Абай даңғылындағы", "Абай", "avenue", None),
        (
            "Шұғыла ықшамауданында жылу жоқ",
            "Шұғыла ықшамауданында",
            "Шұғыла",
            "microdistrict",
            None,
        ),
        ("Белкөлде газ жоқ", "Белкөлде", "Белкөл", "settlement", None),
        (
            "Жібек жолы көшесі 12 үйдің ауласында",
            "Жібек жолы көшесі 12 үйдің",
            "Жібек жолы",
            "street",
            "12",
        ),
        # Russian forms and abbreviations.
        ("на Айтеке би опять яма", "Айтеке би", "Әйтеке би", "street", None),
        ("по ул. Абая, д. 45, кв. 7", "ул. Абая, д. 45", "Абай", "avenue", "45"),
        ("в мкр. Шугыла темно", "мкр. Шугыла", "Шұғыла", "microdistrict", None),
        ("пос. Белколь без света", "пос. Белколь", "Белкөл", "settlement", None),
        ("пр. Абая 12/3", "пр. Абая 12/3", "Абай", "avenue", "12/3"),
        ("Абай даң. 7", "Абай даң. 7", "Абай", "avenue", "7"),
        ("Жақаев к-сі 44", "Жақаев к-сі 44", "Жақаев", "street", "44"),
        ("Арай ш/а 5 үй", "Арай ш/а 5 үй", "Арай", "microdistrict", "5"),
        ("возле Центрального рынка", "Центрального рынка", "Орталық базар", "landmark", None),
        ("на Центральной площади ёлка", "Центральной площади", "Орталық алаң", "landmark", None),
        # Simplified Cyrillic, informal Latin and the 2021 alphabet.
        ("Шугылада су жок", "Шугылада", "Шұғыла", "microdistrict", None),
        ("Tokmagambetov koshesi 5", "Tokmagambetov koshesi 5", "Тоқмағамбетов", "street", "5"),
        ("Şuğyla yqşamaudanynda", "Şuğyla yqşamaudanynda", "Шұғыла", "microdistrict", None),
        ("Jeltoqsan kóshesinde", "Jeltoqsan kóshesinde", "Желтоқсан", "street", None),
        # A river and a microdistrict share a name: the words around them decide.
        ("Сырдарияның жағасында мұз", "Сырдарияның", "Сырдария өзені", "landmark", None),
        ("Сырдарья, дом 3", "Сырдарья, дом 3", "Сырдария", "microdistrict", "3"),
        # Months and holidays are places with a preposition or in a list.
        ("на Желтоксан офис", "Желтоксан", "Желтоқсан", "street", None),
        ("В Саулете контейнеры", "Саулете", "Сәулет", "microdistrict", None),
    ],
)
def test_forms_residents_write(
    profile: CityProfile, text: str, surface: str, canonical: str, kind: str, house: str | None
) -> None:
    [match] = places_in(text, profile)
    assert (match.surface, match.canonical, match.kind, match.house) == (
        surface,
        canonical,
        kind,
        house,
    )


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("№12 мектепте жылу жоқ", "№12 мектепте"),
        ("школа №45 закрыта", "школа №45"),
        ("3-емханада кезек", "3-емханада"),
        ("балабақша №7-дегі тәрбиеші", "балабақша №7-дегі"),
        ("Детский сад №7: кружок", "Детский сад №7"),
        ("у поликлиники №4", "поликлиники №4"),
        ("облыстық ауруханада МРТ", "облыстық ауруханада"),
        ("в областную больницу", "областную больницу"),
    ],
)
def test_numbered_and_named_facilities(profile: CityProfile, text: str, surface: str) -> None:
    [match] = places_in(text, profile)
    assert (match.surface, match.canonical, match.kind) == (surface, None, "facility")


@pytest.mark.parametrize(
    ("text", "surface", "kind", "house"),
    [
        ("Бұрыш батыр көшесінде жол жоқ", "Бұрыш батыр көшесінде", "street", None),
        ("На Иманова 18 пахнет газом", "Иманова 18", "street", "18"),
        ("ул. Мектеп, крысы", "ул. Мектеп", "street", None),
        ("Жастар саябағында фестиваль", "Жастар саябағында", "landmark", None),
        ("Ақмешіт саябағында су бұрқақ", "Ақмешіт саябағында", "landmark", None),
        ("Қорқыт ата кешені бар", "Қорқыт ата кешені", "landmark", None),
        ("Стадион Жақаевта набор", "Стадион Жақаевта", "facility", None),
    ],
)
def test_places_not_in_the_profile_keep_their_surface_and_a_guessed_kind(
    profile: CityProfile, text: str, surface: str, kind: str, house: str | None
) -> None:
    found = [m for m in places_in(text, profile) if m.canonical is None]
    assert [(m.surface, m.kind, m.house) for m in found] == [(surface, kind, house)]


@pytest.mark.parametrize(
    "text",
    [
        "Абай айтқандай, еңбек етсең ерінбей",
        "Абайдың «Қара сөздерін» оқып жүрмін",
        "Перечитываю Абая в переводе",
        "Әл-Фарабидің еңбектерін оқыдым",
        "Мұстафа Шоқайдың өмірі туралы кітап",
        "Төле би бабамыздың сөзі",
        "Ыбырай Жақаев атамыздың еңбегі",
        "Амангелді атамның тойы",
        "Арай қызым мектепке барды",
        "Мерей, с днём рождения!",
        "Шұғыла деген қыз",
        "«Қорқыт ата» спектаклі",
        "Коркыт атанын кобызы туралы аныз",
        "Наурыз мерекесі құтты болсын",
        "21–23 марта празднование Наурыза",
        "абайлап жүріңіздер",
        "пишите на zakaz@tazasu-kzo.kz",
    ],
)
def test_people_holidays_and_addresses_named_like_places_are_not_places(
    profile: CityProfile, text: str
) -> None:
    assert [m for m in places_in(text, profile) if m.canonical] == []


def test_a_street_genitive_with_a_spot_on_it_is_the_street(profile: CityProfile) -> None:
    [match] = places_in("Жақаевтың бойында жарық жоқ", profile)
    assert match.canonical == "Жақаев"


def test_a_doubtful_name_counts_inside_a_list_of_places(profile: CityProfile) -> None:
    text = "8-10 қазан — Ақмешіт, Сәулет, Сырдария ықшамаудандары"
    assert [m.canonical for m in places_in(text, profile)] == ["Ақмешіт", "Сәулет", "Сырдария"]


def test_several_places_in_one_post_with_exact_offsets(profile: CityProfile) -> None:
    text = "Внимание! С 1 по 15 июня по ул. Жакаева (участок от Абая до Толе би) перекрыто."
    found = places_in(text, profile)
    assert [m.canonical for m in found] == ["Жақаев", "Абай", "Төле би"]
    assert [m.surface for m in found] == ["ул. Жакаева", "Абая", "Толе би"]


def test_a_number_before_a_date_or_a_count_is_not_a_house(profile: CityProfile) -> None:
    [match] = places_in("мкр. КБИ 17 июня отключение газа", profile)
    assert match.house is None
    [match] = places_in("Шанхайда 7 үйге бір контейнер", profile)
    assert match.house is None
    [match] = places_in("Арайдағы 25 үй", profile)
    assert match.house == "25"


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Абай даңғылы, 8 701 555 33 22 хабарласыңыз", "Абай даңғылы"),
        ("Пишите на Абая, 87015553322", "Абая"),
        ("Жақаев көшесі +7 701 555 33 22", "Жақаев көшесі"),
    ],
)
def test_a_phone_after_a_street_is_not_its_house(
    profile: CityProfile, text: str, surface: str
) -> None:
    [match] = places_in(text, profile)
    assert (match.surface, match.house) == (surface, None)


@pytest.mark.parametrize(
    ("text", "surface", "house"),
    [
        ("Абай даңғылы, 12 үйде су жоқ", "Абай даңғылы, 12 үйде", "12"),
        ("ул. Абая, 12 нет воды, тел. 8 701 555 33 22", "ул. Абая, 12", "12"),
    ],
)
def test_a_real_house_number_next_to_a_phone_is_still_read(
    profile: CityProfile, text: str, surface: str, house: str
) -> None:
    [match] = places_in(text, profile)
    assert (match.surface, match.house) == (surface, house)


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("Бірлік көшесінде 12 үйде су жоқ", "Бірлік көшесінде 12 үйде", "Бірлік көшесі"),
        ("Бірлік көшесі 12 үйде су жоқ", "Бірлік көшесі 12 үйде", "Бірлік көшесі"),
        ("Бирлик кошесинде 12 уйде су жок", "Бирлик кошесинде 12 уйде", "Бирлик көшесі"),
        ("Жастар ықшамауданында жарық жоқ", "Жастар ықшамауданында", "Жастар ықшамауданы"),
        ("№45 мектепте жылу жоқ", "№45 мектепте", "№45 мектеп"),
        ("3-емханада кезек үлкен", "3-емханада", "3-емхана"),
        ("ул. Победа 5, нет света", "ул. Победа 5", "ул. Победа"),
    ],
)
def test_an_unlisted_place_is_named_in_the_nominative_without_its_house(
    profile: CityProfile, text: str, surface: str, name: str
) -> None:
    [place] = locate_places(text, profile, use_ner=False)
    assert (place.surface, place.canonical, place.name) == (surface, None, name)


def test_a_listed_place_needs_no_name(profile: CityProfile) -> None:
    [place] = locate_places("Абай даңғылында 45 үйде су жоқ", profile, use_ner=False)
    assert (place.canonical, place.name) == ("Абай", None)
