"""Which language a post is in: "kk" (Kazakh), "ru" (Russian), "mixed", or "other".

Each word votes. Kazakh-only letters (әғқңөұүһі) and Russian-only ones (ё, ъ, э, щ, ь) are
strong votes; so are frequent function words, which are compared after folding, because many
people type Kazakh without its letters ("су жок", "кошеси") or in Latin ("su joq"). Typical
endings and letters Kazakh uses only in loanwords (в, ф, ц, ч) are weaker votes. "ы" is not a
Russian marker: Kazakh uses it as much as Russian does; "не" is both Russian "not" and Kazakh
"what", so it does not vote.
Latin text is Kazakh when it has Kazakh Latin letters or words, and "other" when it reads as
English or Uzbek (o', g') or as nothing known.

Written by hand because no library reads this mix: lingua-language-detector 2.1.1 (kk/ru/en)
behind these rules changed nothing, and alone it read 0.72 of the labelled posts right
(docs/QUALITY.md); it has no "mixed", and 16% of the labelled posts are mixed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from halyq.nlp.normalise import match_key, nfkc

_WORD_RE = re.compile(r"[^\W\d_]+")
_SAMPLE_WORDS = 3000  # enough to decide; keeps a 5 MB text cheap
_MIXED_SHARE = 0.1  # the smaller language must carry at least this share of the votes

_KAZAKH_LETTERS = frozenset("әғқңөұүһі")
_RUSSIAN_LETTERS = frozenset("ёъэщь")
# Letters native Kazakh words do without; Kazakh borrows them only with Russian loanwords.
_LOANWORD_LETTERS = frozenset("вфцч")
_KAZAKH_LATIN_LETTERS = frozenset("áǵńóúýışğäöüūñq")

# Folded forms (see normalise.match_key): "жоқ" is "жок", "үшін" is "ушин", "й" is "и".
_KAZAKH_WORDS = frozenset(
    """
    жок емес керек бар жатыр ма ме ба бе па пе мен бен пен жане гои деп ушин бул осы сол биз
    биздин сиз сиздер сиздин ешким неге кашан кала каланын коше кошеси уи су жол болды болып
    али каида ким мына бирак оте тагы кун жыл бугин кеше рахмет салем саламатсыз жаксы нашар
    ауыл ешкандаи калаи кандаи кимге оган олар онын менин маган сизге бизге туралы кеиин сон
    осында мунда сонда енди казир баска барлык биреу бир еки уш иа жараиды алгыс комек отиниш
    сураимыз турмыз жумыс истемеиди келмеиди мумкин кажет болса болмаса болмаиды аула тургындар
    тургын акимдик бериниз комектесиниз комектесиниздер жондениз бардык калады келди жасап
    де тур отыр томен болады уакытта кезде бирнеше карап сиякты екен гана кана деиин бойынша
    арасында кезинде жерде жагдаи маселе жаман каита сонын бастап колик журу
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_RUSSIAN_WORDS = frozenset(
    """
    и в во на что уже нет когда очень это по у с со к ко из за как так все мы вы они она
    оно я ты еще где до от для можно нужно было будет есть был была были просим почему сколько
    тоже только или но его ее их нам нас вам вас мне меня там тут здесь вот если чтобы чем при
    без под над через после даже ли бы же ни ничего никто сегодня вчера день дня днеи дом
    улица улице света воды вода свет нету опять снова пожалуиста здравствуите добрыи спасибо
    помогите которые которыи этот эта эти том тот то также весь вся всех всем год года время
    раз надо хорошо плохо прошу просьба
    """.split()  # noqa: SIM905
)
# English words, Uzbek letters (o', g') and Uzbek words: Latin text that is not Kazakh.
_UZBEK_LETTER_RE = re.compile(r"(?<=\w)[og][ʻ'’`](?=\w)", re.IGNORECASE)
_UZBEK_WORDS = frozenset({"suv", "iltimos", "assalomu", "alaykum", "yordam", "uchun", "qachon"})
_FOREIGN_WORDS = (
    frozenset(
        """
    the a an and or is are was were be been to of in on at for with from by this that it we
    you they i my our your there no not have has do does please hello hi thanks thank what
    when where why how who which water street road city help just very good bad today will
    can cannot can't don't its it's here
    """.split()  # noqa: SIM905
    )
    | _UZBEK_WORDS
)
_KAZAKH_ENDINGS = (
    "дагы", "деги", "тагы", "теги", "нын", "нин", "дын", "тын", "мыз", "миз", "ныз", "лар",
    "лер", "дар", "тар", "маиды", "меиди", "баиды", "беиди", "паиды", "пеиди", "аиды", "еиди",
    "ган", "ген", "ып", "ип", "ыпты", "ипти", "нда", "нде", "сына", "сине", "ынан", "инен",
    "дан", "ден", "тан", "тен", "нан", "нен", "ады", "еди", "ылды", "илди", "уге", "уга",
)  # fmt: skip
_RUSSIAN_ENDINGS = (
    "ого", "его", "ому", "ему", "ает", "яет", "еет", "ует", "ится", "ется", "ются", "ятся",
    "ость", "ение", "ения", "ании", "ание", "ться", "ными", "ыми", "ешь", "ишь", "ют", "ныи",
    "ная", "ное", "ные", "скии", "ская", "ское", "ские", "ать", "ить", "ять",
)  # fmt: skip


def detect_language(text: str) -> str:
    """The language of a post: "kk", "ru", "mixed" or "other".

    "Су жоқ 3 күн" -> "kk"; "su joq" -> "kk"; "Нет воды" -> "ru";
    "Сколько можно, су жоқ!" -> "mixed"; "No water on Abai street" -> "other".
    """
    votes, scripts = _count_votes(text)
    kazakh, russian, foreign = (votes.get(lang, 0.0) for lang in ("kk", "ru", "foreign"))
    if not scripts:
        return "other"
    if kazakh + russian == 0:
        if foreign or scripts["latin"] > scripts["cyrillic"]:
            return "other"
        return "ru" if scripts["cyrillic"] else "other"
    if foreign > kazakh + russian:
        return "other"
    if min(kazakh, russian) >= 1 and min(kazakh, russian) / (kazakh + russian) >= _MIXED_SHARE:
        return "mixed"
    return "kk" if kazakh > russian else "ru"


def _count_votes(text: str) -> tuple[dict[str, float], Counter[str]]:
    votes: dict[str, float] = defaultdict(float)
    scripts: Counter[str] = Counter()
    lowered = nfkc(text).lower()
    votes["foreign"] += len(_UZBEK_LETTER_RE.findall(lowered))
    for index, match in enumerate(_WORD_RE.finditer(lowered)):
        if index >= _SAMPLE_WORDS:
            break
        word = match.group()
        script = _script(word)
        if script is None:
            continue
        scripts[script] += 1
        language, weight = _vote(word, script)
        if language:
            votes[language] += weight
    return votes, scripts


def _script(word: str) -> str | None:
    first = word[0]
    if "\u0400" <= first <= "\u04ff":
        return "cyrillic"
    if first.isascii() or "\u00c0" <= first <= "\u024f":
        return "latin"
    return None


@lru_cache(maxsize=65536)
def _vote(word: str, script: str) -> tuple[str | None, float]:
    """The language one word speaks for, and how strongly."""
    if script == "cyrillic":
        if _KAZAKH_LETTERS.intersection(word):
            return "kk", 1.0
        if _RUSSIAN_LETTERS.intersection(word):
            return "ru", 1.0
    else:
        if word in _FOREIGN_WORDS:
            return "foreign", 1.0
        if _KAZAKH_LATIN_LETTERS.intersection(word):
            return "kk", 1.0
    key = match_key(word)
    if key in _KAZAKH_WORDS:
        return "kk", 1.0
    if key in _RUSSIAN_WORDS:
        return "ru", 1.0
    if len(key) >= 5 and key.endswith(_KAZAKH_ENDINGS):
        return "kk", 0.5
    if len(key) >= 5 and key.endswith(_RUSSIAN_ENDINGS):
        return "ru", 0.5
    if script == "cyrillic" and _LOANWORD_LETTERS.intersection(word):
        return "ru", 0.5
    return None, 0.0
