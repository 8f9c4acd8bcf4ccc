import pytest

from halyq.nlp.language import detect_language


@pytest.mark.parametrize(
    "text",
    [
        "Шұғыла ықшамауданында үш күн болды су жоқ",
        "Абай көшесінде жарық жоқ, балалар қараңғыда отыр",
        "Абай кошесинде су жок уш кун болды, комектесиниздер",  # no Kazakh letters
        "Shugylada su joq, komektesinizder",  # informal Latin
        "Abai kóshesinde jaryq joq",  # official Latin
        "Рахмет",
    ],
)
def test_kazakh(text: str) -> None:
    assert detect_language(text) == "kk"


@pytest.mark.parametrize(
    "text",
    [
        "На Абая нет воды уже третий день",
        "Когда уже починят фонари на улице? Очень темно",
        "Здравствуйте",
        "net vody uzhe 3 dnya, ne rabotaet nichego",  # Russian in Latin letters
        "Вода",  # plain Cyrillic with no Kazakh evidence
    ],
)
def test_russian(text: str) -> None:
    assert detect_language(text) == "ru"


@pytest.mark.parametrize(
    "text",
    [
        "Сколько можно, су жоқ!",
        "Шұғылада жарық жоқ. Когда уже дадут свет, просим принять меры",
        "Рахмет, спасибо",
    ],
)
def test_mixed(text: str) -> None:
    assert detect_language(text) == "mixed"


@pytest.mark.parametrize(
    "text",
    [
        "No water on Abai street since Monday",
        "Assalomu alaykum. Titov mavzesida ikki kundan beri suv yo'q. Iltimos, yordam bering.",
        "Shugyla",
        "😡😡😡",
        "12345",
        "",
        "   ",
    ],
)
def test_other(text: str) -> None:
    assert detect_language(text) == "other"


def test_a_few_russian_loanwords_do_not_make_kazakh_mixed() -> None:
    text = (
        "Мен Абай көшесінде тұрамын, үйде үш күннен бері свет жоқ, интернет те істемейді, "
        "балалар қараңғыда отыр, ешкім келмейді"
    )
    assert detect_language(text) == "kk"
