"""A workbook cell or a form field turned into an exact value, or a ValueError saying why.

Cells come as openpyxl gives them (str, int, float, datetime, bool, None); form fields as str.
Money is whole tenge as an int: "22 227 000", "22227000", "22 227 000,00" and 22227000 all give
22227000; "1 500,50" is refused, because budgets are whole tenge and floats are never used.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

KYZYLORDA = ZoneInfo("Asia/Qyzylorda")
# Spaces people and Excel put between thousands: plain, no-break, narrow and thin spaces, "'".
_GROUPING = re.compile(r"[\s\u00a0\u202f\u2009\u2007']+")
_CURRENCY = re.compile(r"(?i)(₸|тг\.?|теңге|тенге|kzt)$")
# Thousands grouped by one separator ("22.227.000", "22,227,000") or none, then at most two
# decimals: three digits after a separator are a group, never tiyn.
_AMOUNT = re.compile(
    r"(?P<whole>\d{1,3}(?P<sep>[.,])\d{3}(?:(?P=sep)\d{3})*|\d+)(?:(?P<dec>[.,])(?P<frac>\d{1,2}))?"
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DOTTED_DATE = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})")
_LIST_SEPARATOR = re.compile(r"[;\n]")
EXACT_FLOAT_LIMIT = 2**53  # a float beyond this cannot hold every whole number


def text(value: object, *, max_length: int = 500) -> str | None:
    """Trimmed text or None when empty; a whole number typed as a number ("101") comes back
    without ".0"."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.isoformat()
    result = str(value).strip()
    if len(result) > max_length:
        raise ValueError(f"is {len(result)} characters long; at most {max_length} fit")
    return result or None


def text_list(value: object) -> list[str]:
    """ "жастар; отбасы" → ["жастар", "отбасы"]; one item a line works too."""
    raw = text(value, max_length=5000)
    if raw is None:
        return []
    items = [item.strip() for item in _LIST_SEPARATOR.split(raw)]
    return list(dict.fromkeys(item for item in items if item))


def tenge(value: object) -> int | None:
    """Whole tenge from a number or a text such as "22 227 000,00 тг"; None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    amount = _whole_number(value, what="a budget") if not isinstance(value, str) else None
    if amount is None:
        amount = _tenge_text(str(value))
    if amount < 0:
        raise ValueError(f"{amount} is negative; a budget cannot be")
    return amount


def _tenge_text(raw: str) -> int:
    compact = _CURRENCY.sub("", _GROUPING.sub("", raw.strip())).replace("−", "-")
    negative = compact.startswith("-")
    match = _AMOUNT.fullmatch(compact.removeprefix("-"))
    if match is None or (match["sep"] and match["sep"] == match["dec"]):
        raise ValueError(f"'{raw}' is not an amount in tenge; write it like 22 227 000")
    if match["frac"] and int(match["frac"]) != 0:
        raise ValueError(
            f"'{raw}' has tiyn ({match['frac']}); budgets are kept in whole tenge, round it"
        )
    whole = int(re.sub(r"[.,]", "", match["whole"]))
    return -whole if negative else whole


def count(value: object) -> int | None:
    """A whole number of at least 0 (participants, reach, meetings); None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        compact = _GROUPING.sub("", value.strip())
        if not re.fullmatch(r"-?\d+", compact):
            raise ValueError(f"'{value}' is not a whole number")
        number = int(compact)
    else:
        number = _whole_number(value, what="a count")
    if number < 0:
        raise ValueError(f"{number} is negative; a count cannot be")
    return number


def _whole_number(value: object, *, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"'{value}' is not a number")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{value} has a fraction; {what} is a whole number")
        if abs(value) >= EXACT_FLOAT_LIMIT:
            raise ValueError(f"{value} is too large to be exact; type it as text")
        return int(value)
    return value


def year(value: object) -> int | None:
    """A year between 2000 and 2100."""
    number = count(value)
    if number is not None and not 2000 <= number <= 2100:
        raise ValueError(f"{number} is not a year between 2000 and 2100")
    return number


def day(value: object) -> date | None:
    """A date from an Excel date, "2026-03-11" or "11.03.2026"; None when empty."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(
            f"{value} is a number, not a date; format the cell as a date or write 11.03.2026"
        )
    raw = value.strip()
    if not raw:
        return None
    try:
        if _ISO_DATE.match(raw):
            return datetime.fromisoformat(raw).date() if len(raw) > 10 else date.fromisoformat(raw)
        dotted = _DOTTED_DATE.fullmatch(raw)
        if dotted:
            return date(int(dotted["y"]), int(dotted["m"]), int(dotted["d"]))
    except ValueError:
        pass
    raise ValueError(f"'{raw}' is not a date; write 2026-03-11 or 11.03.2026")


def moment(value: object) -> datetime | None:
    """An aware time; a date alone or a time without a zone is Kyzylorda time."""
    if isinstance(value, str) and value.strip() and not _DOTTED_DATE.fullmatch(value.strip()):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"'{value.strip()}' is not a date and time; write 2026-03-11 14:30"
            ) from None
    elif isinstance(value, datetime):
        parsed = value
    else:
        found = day(value)
        if found is None:
            return None
        parsed = datetime.combine(found, time())
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=KYZYLORDA)


def choice(
    value: object, allowed: tuple[str, ...], labels: dict[str, tuple[str, str]]
) -> str | None:
    """An allowed code, given as the code or as its Kazakh or Russian label (any case)."""
    raw = text(value)
    if raw is None:
        return None
    wanted = raw.casefold()
    for code in allowed:
        names = (code, *labels.get(code, ()))
        if wanted in (name.casefold() for name in names):
            return code
    raise ValueError(f"'{raw}' is not one of: {', '.join(allowed)}")


def bin_digits(value: object) -> str | None:
    """The 12 digits of a BIN as text. Excel keeps a BIN typed as a number without its leading
    zero (030540000123 becomes 30540000123), so a number is padded back to 12 digits."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = _whole_number(value, what="a BIN")
        return f"{number:012d}" if 0 <= number < 10**12 else str(number)
    raw = _GROUPING.sub("", str(value))
    return raw or None
