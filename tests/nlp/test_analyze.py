import json
import time
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from halyq.city.profile import CityProfile
from halyq.nlp.analyze import MODEL_VERSION, analyze
from halyq.nlp.models.linear import default_reader

POSTED = datetime(2026, 11, 3, 5, 0, tzinfo=UTC)  # 10:00 in Kyzylorda
CONTRACT_KEYS = [
    "id", "lang", "is_complaint", "complaint_score", "category", "department", "urgency",
    "sentiment", "places", "event_date", "event_surface", "redacted_text", "event_time", "times",
]  # fmt: skip
PLACE_KEYS = [
    "surface", "start", "end", "canonical", "kind", "house", "lat", "lon", "district", "precision",
    "name",
]  # fmt: skip


def test_every_time_the_post_states_is_listed_and_the_first_dates_the_event(
    profile: CityProfile,
) -> None:
    text = "Кеше түнде Абай даңғылы 45 үйде су жоқ, үш күннен бері жылу берілмей жатыр!"
    record = analyze(text, created_at=POSTED, profile=profile).to_contract("tg:7")
    assert record["times"] == [
        {"surface": "Кеше түнде", "start": 0, "end": 10, "date": "2026-11-02", "time": "night"},
        {"surface": "үш күннен бері", "start": 40, "end": 54, "date": "2026-10-31", "time": None},
    ]
    assert (record["event_date"], record["event_surface"], record["event_time"]) == (
        "2026-11-02",
        "Кеше түнде",
        "night",
    )
    for stated in record["times"]:
        assert text[stated["start"] : stated["end"]] == stated["surface"]


def test_a_complaint_as_the_contract_shape(profile: CityProfile) -> None:
    text = "Кеше Абай даңғылы 45 үйде су болмады, балалар отыр! Тел 8 701 234 56 78"
    record = analyze(text, created_at=POSTED, profile=profile).to_contract("tg:123")
    assert list(record) == CONTRACT_KEYS
    assert record == {
        "id": "tg:123",
        "lang": "kk",
        "is_complaint": True,
        "complaint_score": record["complaint_score"],
        "category": "water",
        "department": "housing_utilities",
        "urgency": "high",
        "sentiment": "negative",
        "places": [
            {
                "surface": "Абай даңғылы 45 үйде",
                "start": 5,
                "end": 25,
                "canonical": "Абай",
                "kind": "avenue",
                "house": "45",
                # No OSM data in the bundled profile yet: only the city centre is known.
                "lat": 44.85,
                "lon": 65.5,
                "district": None,
                "precision": "city",
                "name": None,  # listed: its canonical name says it
            }
        ],
        "event_date": "2026-11-02",
        "event_surface": "Кеше",
        "redacted_text": "Кеше Абай даңғылы 45 үйде су болмады, балалар отыр! Тел [телефон]",
        "event_time": None,
        "times": [
            {"surface": "Кеше", "start": 0, "end": 4, "date": "2026-11-02", "time": None},
        ],
    }
    assert default_reader().meta["complaint_threshold"] <= record["complaint_score"] <= 1
    assert record["complaint_score"] == round(record["complaint_score"], 3)
    assert list(record["places"][0]) == PLACE_KEYS
    json.dumps(record)  # plain JSON types only


def test_a_non_complaint_has_no_category_or_department(profile: CityProfile) -> None:
    text = "Уважаемые жители! 12 ноября с 10:00 до 17:00 плановое отключение воды на ул. Абая."
    analysis = analyze(text, created_at=POSTED, profile=profile)
    record = analysis.to_contract("vk:9")
    assert (record["is_complaint"], record["category"], record["department"]) == (
        False,
        None,
        None,
    )
    assert record["urgency"] == "low"
    assert record["event_date"] == "2026-11-12"
    assert [p["canonical"] for p in record["places"]] == ["Абай"]


@pytest.mark.parametrize(
    "text",
    [
        # news words in a resident's own complaint must not hide it
        "Пострадавших нет, но дерево упало на машину и до сих пор лежит на дороге, уберите",
        "Справку в ЦОНе третий день не выдают, какие документы им ещё нужны?!",
    ],
)
def test_a_complaint_with_newsroom_or_how_to_words_stays_a_complaint(
    profile: CityProfile, text: str
) -> None:
    assert analyze(text, created_at=POSTED, profile=profile).is_complaint


def test_department_comes_from_the_profile(profile: CityProfile) -> None:
    cases = {
        "Жолда шұңқыр көп, жөндеңіздер": "roads_transport",
        "Иесіз иттер балаларға шабуыл жасайды, шара қолданыңыздар": "veterinary",
        "Сколько можно, никто не реагирует, просим принять меры!": "internal_policy",
    }
    for text, department in cases.items():
        analysis = analyze(text, created_at=POSTED, profile=profile)
        assert analysis.category is not None
        assert analysis.department == profile.categories[analysis.category].default_department
        assert analysis.department == department


def test_a_place_name_is_not_evidence_for_a_category(profile: CityProfile) -> None:
    analysis = analyze("Жібек жолы көшесінде су жоқ", created_at=POSTED, profile=profile)
    assert analysis.category == "water"
    assert "roads" not in analysis.category_scores


def test_a_place_name_is_not_read_as_a_date(profile: CityProfile) -> None:
    analysis = analyze("Желтоқсан көшесі 5 үйде газ жоқ", created_at=POSTED, profile=profile)
    assert analysis.event_date is None
    assert analysis.places[0].house == "5"


def test_mixed_and_latin_posts(profile: CityProfile) -> None:
    mixed = analyze("Шугыла мкр 12, су жоқ, сколько можно!", created_at=POSTED, profile=profile)
    assert (mixed.lang, mixed.category, mixed.places[0].canonical) == ("mixed", "water", "Шұғыла")
    latin = analyze("Shugylada 3 kun boldy su joq", created_at=POSTED, profile=profile)
    assert (latin.lang, latin.category, latin.event_date) == ("kk", "water", date(2026, 10, 31))


def test_model_version_is_recorded(profile: CityProfile) -> None:
    assert analyze("", created_at=None, profile=profile).model_version == MODEL_VERSION


# Letters and pieces that exercise every path: digraphs, NFKC expansions, combining marks,
# place names with type words, dates, phones and IINs.
ALPHABET = st.sampled_from(
    [
        *"абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі АБӘҒҚ abghjknqsyzáńóúıİ0123456789.,-/№:+@()\n",
        *("ﬁ", "½", "и\u0306", "\u0307", "\u00a0", "Абай", "көшесі", "Шұғыла", "мкр", "ул.", " үй"),
        *("кеше", "12 ноября", "8 701 234 56 78", "870412300129", "zh", "ng", "су жоқ", "Shugyla"),
    ]
)
POSTS = st.one_of(st.text(), st.lists(ALPHABET, max_size=60).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=POSTS, created_at=st.none() | st.datetimes(timezones=st.just(UTC)))
def test_analyze_never_raises_and_offsets_stay_in_bounds(
    profile: CityProfile, text: str, created_at: datetime | None
) -> None:
    analysis = analyze(text, created_at=created_at, profile=profile)
    record = analysis.to_contract("x")
    assert list(record) == CONTRACT_KEYS
    assert record["lang"] in {"kk", "ru", "mixed", "other"}
    assert record["urgency"] in {"high", "medium", "low"}
    assert record["sentiment"] in {"negative", "neutral", "positive"}
    assert 0.0 <= record["complaint_score"] <= 1.0
    previous_end = 0
    for place in analysis.places:
        assert previous_end <= place.start <= place.end <= len(text)
        assert text[place.start : place.end] == place.surface
        previous_end = place.end
    if analysis.event_surface is not None:
        assert analysis.event_surface in text


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit",
    [
        "a",  # one endless word: e-mail and name patterns must not rescan it
        "1",  # one endless number: IIN and phone patterns
        "ул ",  # type words without names
        "Абай көшесі 45 үйде су жоқ, тел 87011234567, a@b.kz, кеше. ",
        " " * 7 + "8",  # long gaps before digits
    ],
)
def test_analyze_stays_linear_on_long_adversarial_text(profile: CityProfile, unit: str) -> None:
    def seconds(size: int) -> float:
        text = (unit * (size // len(unit) + 1))[:size]
        started = time.perf_counter()
        analyze(text, created_at=POSTED, profile=profile)
        return time.perf_counter() - started

    seconds(1_000)  # warm the caches
    small, large = seconds(50_000), seconds(200_000)
    assert large < 10.0
    assert large < 4 * small * 3 + 0.5  # four times the text, not sixteen times the work
