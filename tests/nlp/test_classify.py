from datetime import datetime
from pathlib import Path

import pytest

from halyq.city.profile import CityProfile
from halyq.nlp.classify import classify, read_evidence
from halyq.nlp.lexicon import LexiconError, default_lexicon, load_lexicon


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Шұғылада 3 күн болды су жоқ, көмектесіңіздер!", "water"),
        ("суы жок уш кун, комектесиниз", "water"),
        ("su joq 2 kun boldy, komektesinizder", "water"),
        ("Нет воды уже третий день, сколько можно", "water"),
        ("Горячей воды нет, батареи холодные", "heating"),
        ("Батареялар суық, үйде отыру мүмкін емес", "heating"),
        ("Үйде жарық жоқ, тоңазытқыш істемейді", "electricity"),
        ("Газ иісі шығып тұр, тез көмектесіңіз", "gas"),
        ("Көшеде жарық жоқ, кешке қараңғы", "street_lighting"),
        ("Фонари не горят уже неделю", "street_lighting"),
        ("Мусор не вывозят две недели", "waste"),
        ("Аулада қоқыс жиналып қалды, иіс шығады, тазаламайды", "waste"),
        ("Жолда шұңқыр көп, көлікпен жүру мүмкін емес", "roads"),
        ("На дороге огромная яма, машины ломаются", "roads"),
        ("Автобус 40 минут келмейді, аялдамада тұрмыз", "public_transport"),
        ("Иесіз иттер балаларға қауіпті, көп жүреді", "stray_animals"),
        ("Интернет жоқ екі күн, Казахтелеком жауап бермейді", "communications"),
        ("Врач в поликлинике не принимает без взятки", "corruption"),
        ("Балабақшаға кезек жылжымайды, үш жыл күтіп отырмыз", "education"),
        ("Емханада дәрігер қабылдамайды, кезек өте ұзақ", "health"),
        ("Лифт не работает месяц, в подъезде грязно", "housing"),
        ("Полиция ничего не делает, каждую ночь драки во дворе", "public_order"),
    ],
)
def test_complaints_and_their_categories(text: str, category: str) -> None:
    result = classify(text)
    assert result.is_complaint
    assert result.complaint_score >= 0.5
    assert result.category == category
    assert next(iter(result.category_scores)) == category


@pytest.mark.parametrize(
    "text",
    [
        "Уважаемые жители! 12 ноября с 10:00 до 17:00 плановое отключение воды в связи с "
        "ремонтными работами.",
        "Құрметті тұрғындар! Ертең жоспарлы жөндеу жұмыстарына байланысты су өшіріледі.",
        "Рахмет, су берілді!",
        "Үлкен рахмет әкімдікке, жол жөнделді!",
        "Всё хорошо, спасибо за быструю работу",
        "Продаю квартиру в мкр Шугыла, 3 комнаты, звоните",
        "Сатылады! Жеңілдік 20%, тегін жеткізу",
        "Наурыз мерекесімен құттықтаймыз!",
        "Поздравляем всех с праздником!",
        "Концерт қашан басталады?",
        "Здравствуйте! Во сколько начало концерта на площади?",
        "Доброе утро, Кызылорда!",
    ],
)
def test_hard_negatives_are_not_complaints(text: str) -> None:
    result = classify(text)
    assert not result.is_complaint
    assert result.complaint_score < 0.5
    assert result.category is None


def test_a_complaint_about_nothing_the_lexicon_knows_is_other() -> None:
    result = classify("Сколько можно, никто не реагирует, просим принять меры!")
    assert result.is_complaint
    assert result.category == "other"
    assert result.category_scores == {"other": 1.0}


def test_category_scores_are_the_top_three_shares() -> None:
    result = classify("Мектепте жылу жоқ, балалар тоңып отыр, аулада қоқыс, жол бұзылған")
    assert len(result.category_scores) == 3
    assert all(0 < share <= 1 for share in result.category_scores.values())
    assert list(result.category_scores.values()) == sorted(result.category_scores.values())[::-1]


def test_a_topic_alone_is_not_a_complaint() -> None:
    assert not classify("Мусор").is_complaint


def test_polite_thanks_in_advance_does_not_cancel_a_complaint() -> None:
    assert classify("Заранее спасибо, фонари не горят во дворе").is_complaint


@pytest.mark.parametrize(
    "text",
    [
        "Запах газа в подъезде!",
        "Сым үзіліп жерде жатыр, балалар ойнайды",
        "Открытый люк возле школы, дети могут упасть",
        "Үйде өрт шықты, көмектесіңіздер",
    ],
)
def test_danger_to_life_is_high_urgency(text: str) -> None:
    assert classify(text).urgency == "high"


def test_heating_outage_is_high_in_winter_and_medium_in_summer(
    winter_morning: datetime, summer_morning: datetime
) -> None:
    text = "Горячей воды нет третий день"
    assert classify(text, created_at=winter_morning).urgency == "high"
    assert classify(text, created_at=summer_morning).urgency == "medium"


def test_without_a_date_the_cold_season_is_assumed() -> None:
    assert classify("Горячей воды нет третий день").urgency == "high"


def test_no_water_is_high_all_year(summer_morning: datetime) -> None:
    assert classify("Су жоқ екі күн болды", created_at=summer_morning).urgency == "high"


def test_an_outage_word_must_be_near_the_utility(winter_morning: datetime) -> None:
    far = "Су есептегішін пломбалау үшін шебер 10 мың теңге қолма-қол сұрады, чек жоқ"
    assert classify(far, created_at=winter_morning).urgency == "medium"
    near = "Су есептегіші бар, бірақ су жоқ"
    assert classify(near, created_at=winter_morning).urgency == "high"


def test_stray_dogs_near_children_are_high_urgency() -> None:
    text = "Мектептің жанында иесіз иттер үйір болып жүр, балалар қорқып барады"
    assert classify(text).urgency == "high"


def test_an_ongoing_failure_is_medium_and_a_suggestion_low() -> None:
    assert classify("Жолда шұңқыр көп, жөндеңіздер").urgency == "medium"
    suggestion = classify("Аулаға орындық қойып, гүл отырғызса жақсы болар еді, ұсыныс")
    assert suggestion.urgency == "low"


def test_a_non_complaint_is_low_urgency() -> None:
    assert classify("Рахмет, су берілді!").urgency == "low"


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("Үлкен рахмет, жол керемет болды!", "positive"),
        ("Ужас, позор, сколько можно терпеть эту грязь", "negative"),
        ("Су жоқ, көмектесіңіздер", "negative"),
        ("Ертең жоспарлы жөндеу жұмыстары жүргізіледі", "neutral"),
        ("Жақсы емес, өте нашар", "negative"),
    ],
)
def test_sentiment(text: str, sentiment: str) -> None:
    assert classify(text).sentiment == sentiment


def test_every_lexicon_category_is_a_profile_category_and_every_one_has_terms(
    profile: CityProfile,
) -> None:
    labels = {t.label for t in default_lexicon().terms if t.layer == "category"} - {"none"}
    assert labels == set(profile.categories)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Маса қаптап кетті, масаға қарсы өңдеу болмады", "other"),
        ("На кладбище дорожки разбиты", "other"),
        ("ЦОН-да кезек 3 сағат, талон бітіп қалды", "other"),
        ("Посылку на почте ищут третью неделю", "other"),
        ("Продаю диван, почти новый", None),
    ],
)
def test_the_kinds_the_labelling_guide_puts_in_other_have_terms(
    text: str, category: str | None
) -> None:
    found = {t.term.label for t in read_evidence(text).hits if t.term.layer == "category"}
    assert (category in found) if category else not found


def test_lexicon_errors_name_the_layer_label_and_term(tmp_path: Path) -> None:
    bad_weight = tmp_path / "weight.yaml"
    bad_weight.write_text("category:\n  water:\n    су+: lots\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="label 'water', term 'су\\+'"):
        load_lexicon(bad_weight)
    twice = tmp_path / "twice.yaml"
    twice.write_text("category:\n  water:\n    су+: 1\n    су+: 2\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="written twice"):
        load_lexicon(twice)
    layer = tmp_path / "layer.yaml"
    layer.write_text("topics:\n  water:\n    су: 1\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="unknown layer 'topics'"):
        load_lexicon(layer)


@pytest.mark.parametrize(
    "text",
    [
        "Жылу берді, рахмет, бірақ бұрыштағы бөлмеде радиатор мүлде суық",
        "Спасибо, но свет уже третий раз за день отключают",
    ],
)
def test_thanks_followed_by_but_is_a_complaint(text: str) -> None:
    assert classify(text).is_complaint
    assert not classify(text.split(",")[0]).is_complaint  # the thanks alone is not one


def test_the_writers_own_stake_outweighs_words_of_an_announcement() -> None:
    report = "Баламның мектебіндегі жөндеу жұмыстары басталды, бұл оқуға кедергі келтіреді"
    assert classify(report).is_complaint
    assert not classify("Мектептегі жөндеу жұмыстары басталды").is_complaint


def test_a_growing_hardship_is_a_complaint_in_both_languages() -> None:
    assert classify("С возрастом все труднее устроиться на работу").is_complaint
    assert classify("Жасым ұлғайған сайын жұмысқа орналасу қиындап барады").is_complaint


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Кешке аулада мас адамдар жиналып, балаларға тиіседі", "public_order"),
        ("Ауылда тіркелмеген намазхана ашылыпты, түнде жиналады", "religion"),
        ("Во дворе песочница сломана, песок не меняли три года", "landscaping"),
    ],
)
def test_category_words_of_the_labelling_guide(text: str, category: str) -> None:
    assert classify(text).category == category
