"""Personal names in a post: "Айгүл Сейітова", "Болатұлы Ержан", "Иванов А.К.".

A full name is redacted; a lone given name is not ("спросите Айгуль" names nobody, and many
given names are also places or words: Шұғыла, Мерей, Арай, Бақыт). A name is taken when a
capitalised given name from the list below stands next to a capitalised surname or patronymic
(-ов, -ев, -ова, -ева, -ин, -ина, -ұлы, -қызы, -ович, -овна ...), when a surname has initials,
or when the post says whose name it is ("меня зовут Дана", "менің атым Ерлан"). A surname
followed by a street word or after "ул." is a street ("Тоқмағамбетов көшесі"), not a person.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from halyq.nlp.normalise import match_key

_GIVEN = """
Абай Абылай Адай Азамат Айбар Айбек Айдар Айдос Айдын Алибек Алихан Алмас Алмат Амир Арман
Арсен Арыстан Асан Асет Аскар Аслан Асхат Ахмет Бакытжан Бауыржан Бейбит Бекжан Бекзат Берик
Болат Галым Дамир Данияр Даниял Дархан Даулет Даурен Дастан Думан Ербол Ерболат Ергали Ерик
Ержан Ерлан Ермек Ерназар Ернар Ерасыл Есет Жандос Жанибек Жасулан Жомарт Зангар Исатай Кайрат
Канат Куаныш Магжан Максат Марат Медет Мейрам Мирас Мурат Мухтар Нурасыл Нурбол Нуржан Нурлан
Нурсултан Олжас Оспан Рамазан Ринат Руслан Рустем Санжар Саят Серик Серикбол Султан Талгат
Тамерлан Темирлан Тимур Толеген Улан Ханат Шынгыс Ельдос Елдос Жаксылык Бахыт Асылбек Габит
Айгерим Айгул Айдана Айжан Айнур Айсулу Айым Акбота Акерке Акмарал Алия Аружан Асель Асем Асел
Балжан Балнур Бибигул Ботагоз Гаухар Гулжан Гулмира Гулнар Гулнара Гулшат Дана Динара Жанар
Жанна Жулдыз Замира Зарина Зауре Индира Инкар Камила Карлыгаш Кулаш Лаура Мадина Мариям Меруерт
Молдир Назерке Назгул Нургул Нурсулу Перизат Райхан Раушан Роза Сабина Салтанат Сандугаш Сауле
Сымбат Томирис Улжан Умит Шолпан Эльмира Эльвира Аида Айслу Жибек Кунсулу Макпал Мейрамгул
Александр Алексей Анатолий Андрей Антон Артем Борис Вадим Валерий Василий Виктор Виталий
Владимир Владислав Вячеслав Геннадий Георгий Григорий Денис Дмитрий Евгений Егор Иван Игорь
Илья Кирилл Константин Леонид Максим Михаил Никита Николай Олег Павел Петр Роман Семен Сергей
Станислав Степан Федор Юрий Ярослав Анастасия Анна Валентина Валерия Вера Виктория Галина
Дарья Диана Евгения Екатерина Елена Елизавета Жанна Зоя Ирина Карина Кристина Ксения Лариса
Лидия Любовь Людмила Маргарита Марина Мария Надежда Наталья Наталия Нина Оксана Ольга Полина
Светлана Софья София Таисия Тамара Татьяна Юлия Яна Лилия Регина Эльза Ильяс Ислам Гулнур
Айбол Айсана Акжол Акнур Алтынай Анель Аяжан Бекарыс Дариға Ерзат Жансая Жасмин Мерей Нурай
"""  # written as people spell them; compared in match-key form
GIVEN_NAMES = frozenset(match_key(name) for name in _GIVEN.split())

_UPPER = "А-ЯЁӘҒҚҢӨҰҮҺІA-Z"
_LOWER = "а-яёәғқңөұүһіa-z"
_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}]?[{_LOWER}]+)?"
# Surname and patronymic endings, in match-key form (Kazakh letters folded).
_FAMILY_ENDINGS = (
    "ов", "ев", "ова", "ева", "ин", "ина", "ын", "ына", "ский", "ская", "улы", "кызы",
    "ович", "евич", "овна", "евна", "ична", "ич", "бай", "баев", "баева",
)  # fmt: skip
# A street named after a person: a street word or a house number follows ("Гани Муратбаева, 28").
# A house number is at most four digits and is not the start of a longer digit run: in
# "Сәуле Ахметова, 8 701 555 33 22" or "Ахметова, 87015553322" the digits are a phone.
_STREET_AFTER = re.compile(
    r"\s*(?:көше|коше|даңғыл|дангыл|street|улиц|проспект|пр\.|ш/а|ы/а|мектеб|атындағы"
    r"|,?[ \t]*\d{1,4}(?![ \t\-–.()]{0,3}\d))",
    re.IGNORECASE,
)
# What may stand between a contact's given name and the phone after it: "Айгерім, 8701...",
# "Ерлан - +7 701 ...", "Дана: 8 (701) ...".
_CONTACT_GAP_RE = re.compile(r"[ \t]{0,3}[,:–\-]?[ \t]{0,3}")
_STREET_BEFORE = re.compile(r"(?:ул|улица|пр|проспект|мкр|көшесі)\.?\s*$", re.IGNORECASE)
_CAPITALISED_RE = re.compile(rf"(?<![{_UPPER}{_LOWER}])({_WORD})(?![{_LOWER}])")
_GAP_RE = re.compile(r"[ \t]{1,3}")
_INITIALS_RE = re.compile(
    rf"(?<![{_UPPER}{_LOWER}])(?:({_WORD})[ \t]{{1,3}}[{_UPPER}]\.[ \t]?(?:[{_UPPER}]\.)?"
    rf"|[{_UPPER}]\.[ \t]?(?:[{_UPPER}]\.[ \t]?)?({_WORD}))"
)
# Words that introduce the writer or a contact by name: "Мен, Сейітқали Бақытжан, ...".
_CUE_RE = re.compile(
    r"(?i:меня зовут|зовут|моё имя|мое имя|менің атым|атым|есімім|на имя|контактное лицо:?"
    r"|байланысым:?|(?<![\w])мен,|(?<![\w])я,)"
    rf"[ \t]{{1,3}}({_WORD}(?:[ \t]{{1,3}}{_WORD}){{0,2}})"
)


def name_spans(text: str, phones: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """[start, end) of every personal name found in `text`, possibly overlapping.

    `phones` are the [start, end) of phone numbers already found: a given name written just
    before one ("Айгерім, 8 701 555 33 22") is the contact's name and is taken too.
    """
    spans = _full_names(text) + _contact_names(text, phones)
    for match in _INITIALS_RE.finditer(text):
        surname = match.group(1) or match.group(2)
        if _is_family(surname) and not _is_street(text, match.start(), match.end()):
            spans.append(match.span())
    spans.extend(match.span(1) for match in _CUE_RE.finditer(text))
    return spans


def _contact_names(text: str, phones: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Given names that sign a phone number: "Сәуле, 87015553322" names whom to call."""
    if not phones:
        return []
    starts = {start for start, _ in phones}
    spans = []
    for match in _CAPITALISED_RE.finditer(text):
        gap = _CONTACT_GAP_RE.match(text, match.end())
        if gap and gap.end() in starts and _is_given(match.group()):
            spans.append(match.span())
    return spans


def _full_names(text: str) -> list[tuple[int, int]]:
    """Neighbouring capitalised words that make a name: given + family (+ patronymic),
    family + given, or two given names ("Ерлан Болат")."""
    words = [(m.start(), m.end(), m.group()) for m in _CAPITALISED_RE.finditer(text)]
    spans = []
    for index, (start, end, first) in enumerate(words[:-1]):
        next_start, next_end, second = words[index + 1]
        if not _GAP_RE.fullmatch(text, end, next_start):
            continue
        given_first = _is_given(first) and (_is_family(second) or _is_given(second))
        if (given_first or (_is_family(first) and _is_given(second))) and not _is_street(
            text, start, next_end
        ):
            if index + 2 < len(words):  # a patronymic or surname after the pair
                third_start, third_end, third = words[index + 2]
                if _GAP_RE.fullmatch(text, next_end, third_start) and _is_family(third):
                    next_end = third_end
            spans.append((start, next_end))
    return spans


@lru_cache(maxsize=65536)
def _is_given(word: str) -> bool:
    return match_key(word) in GIVEN_NAMES


@lru_cache(maxsize=65536)
def _is_family(word: str) -> bool:
    key = match_key(word)
    return len(key) >= 5 and key.endswith(_FAMILY_ENDINGS) and key not in GIVEN_NAMES


def _is_street(text: str, start: int, end: int) -> bool:
    return bool(_STREET_AFTER.match(text, end) or _STREET_BEFORE.search(text, 0, start))
