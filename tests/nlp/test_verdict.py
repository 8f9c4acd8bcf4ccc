"""The trained reading of posts, on the hard cases: announcements, polite complaints, Latin and
simplified spellings, mixed Kazakh-Russian posts and formal appeals."""

from datetime import UTC, datetime

import pytest

from halyq.city.profile import CityProfile
from halyq.nlp.analyze import analyze

POSTED = datetime(2026, 1, 20, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "Құрметті тұрғындар! 14 қаңтарда 10:00-ден 17:00-ге дейін жоспарлы жөндеу жұмыстарына "
        "байланысты Шұғыла ықшамауданында су өшіріледі.",
        "Уважаемые жители! 14 января с 10:00 до 17:00 в связи с плановыми работами будет "
        "отключена подача электроэнергии по улице Абая.",
        "Рахмет коммуналдық қызметке, жарықты тез қосып берді!",
        "С Наурызом, дорогие кызылординцы! Мира и добра каждому дому 🌷",
        "Продаю диван, почти новый, самовывоз из мкр Акмешит",
    ],
)
def test_hard_negatives_are_not_complaints(profile: CityProfile, text: str) -> None:
    analysis = analyze(text, created_at=POSTED, profile=profile)
    assert not analysis.is_complaint
    assert analysis.category is None and analysis.department is None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # polite, no negative word
        ("Өтініш, Абай көшесіндегі көше шамдарын қарап берсеңіздер", "street_lighting"),
        ("Просим обратить внимание на мусорные баки во дворе дома 12 по улице Айтеке би", "waste"),
        # Latin and simplified spellings
        ("Shugylada 3 kun boldy su joq, komektesinizder", "water"),
        ("Uide jylu joq, batareialar suyq, balalar auyryp jatyr", "heating"),
        ("Аулада коқыс шығарылмайды, иіс шығып тур, тазаламайды", "waste"),
        ("Жолда шункыр коп, колик журе алмайды, жондениздер", "roads"),
        # mixed Kazakh and Russian
        ("Шугылада свет жоқ с утра, когда дадут уже?", "electricity"),
        ("Автобус 40 минут келмеді, остановкада тоңып тұрмыз, сколько можно", "public_transport"),
    ],
)
def test_complaints_and_their_categories(profile: CityProfile, text: str, category: str) -> None:
    analysis = analyze(text, created_at=POSTED, profile=profile)
    assert analysis.is_complaint
    assert analysis.category == category
    assert next(iter(analysis.category_scores)) == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Прошу принять меры: на нашей улице в асфальте огромные ямы, машины ломают подвеску, "
            "ремонта нет уже второй год.",
            "roads",
        ),
        (
            "Құрметті әкімдік! Біздің ауылдағы емханада дәрігер жетіспейді, қабылдауға бір ай "
            "күтеміз. Мәселені шешуді сұраймыз.",
            "health",
        ),
    ],
)
def test_formal_appeals_are_complaints(profile: CityProfile, text: str, category: str) -> None:
    analysis = analyze(text, created_at=POSTED, profile=profile)
    assert analysis.is_complaint
    assert analysis.category == category


def test_category_scores_are_the_models_top_alternatives(profile: CityProfile) -> None:
    analysis = analyze("Подъезде лифт істемейді, жарық та жоқ", created_at=POSTED, profile=profile)
    shares = list(analysis.category_scores.values())
    assert 1 <= len(shares) <= 3
    assert shares == sorted(shares, reverse=True)
    assert sum(shares) <= 1.0 + 1e-6 and all(0 < share <= 1 for share in shares)


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("Үлкен рахмет әкімдікке, саябақ керемет болды!", "positive"),
        ("Ужас, позор, сколько можно терпеть эту грязь", "negative"),
        ("Бұл қосымша мүлдем жұмыс істемейді, ақшамды қайтарыңыз", "negative"),
    ],
)
def test_sentiment(profile: CityProfile, text: str, sentiment: str) -> None:
    assert analyze(text, created_at=POSTED, profile=profile).sentiment == sentiment


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("Керемет қосымша, өте ыңғайлы, бәріне ұсынамын 👍👍", "positive"),
        ("Тапсырыс 2 апта келмеді, ақшамды да қайтармады. Өте нашар дүкен", "negative"),
    ],
)
def test_a_review_is_positive_or_negative_never_neutral(
    profile: CityProfile, text: str, sentiment: str
) -> None:
    assert analyze(text, created_at=None, profile=profile).sentiment == sentiment


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # "gratitude" demanded is a bribe, not thanks
        (
            "Чиновник прямо сказал, что ждет «благодарность» за рассмотрение заявления.",
            "corruption",
        ),
        ("Шенеунік өтінішімді қарау үшін «алғыс» күтетінін ашық айтты.", "corruption"),
        # a problem stated as a fact, the way formal appeals put it
        ("Стена в доме отсырела и покрылась плесенью.", "housing"),
    ],
)
def test_appeals_that_state_a_problem_are_complaints(
    profile: CityProfile, text: str, category: str
) -> None:
    analysis = analyze(text, created_at=POSTED, profile=profile)
    assert analysis.is_complaint and analysis.category == category


def test_a_complaint_about_nothing_known_is_other(profile: CityProfile) -> None:
    text = "Сколько можно, никто не реагирует, просим принять меры!"
    analysis = analyze(text, created_at=POSTED, profile=profile)
    assert analysis.is_complaint and analysis.category == "other"
