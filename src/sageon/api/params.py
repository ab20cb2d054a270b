"""Query-parameter checks shared by every route.

Each checker takes the raw value and returns the normalised one, or raises :class:`BadParam`
naming the parameter and the allowed form, which the app answers with a 400 in the JSON error
shape. Bad input never reaches the store as something it could choke on.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..errors import ConfigError
from ..schema import MODALITIES, PLOVER_TYPES

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000
PERIODS = ("day", "week", "month", "year")
# Public order names → the store's.
ORDERS = {"date_desc": "date_desc", "date_asc": "date_asc", "intensity_desc": "intensity_desc",
          "intensity_asc": "intensity", "id": "id"}
_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9]{1,9}$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class BadParam(ConfigError):
    """One bad query parameter: ``param`` names it."""

    def __init__(self, param: str, message: str):
        self.param = param
        self.detail = f"{param}: {message}"
        super().__init__(self.detail)


def date_param(name: str, value: str | None, *, end: bool = False) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` → ISO day; a partial ``until`` means the period's last day."""
    if value is None or value == "":
        return None
    m = _DATE.match(value.strip())
    if not m:
        raise BadParam(name, f"must be a date like 2025-10-28, 2025-10 or 2025; got {value!r}")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d is not None:
            day = dt.date(y, int(mo), int(d))
        elif mo is not None:
            month = int(mo)
            day = dt.date(y, month, calendar.monthrange(y, month)[1] if end else 1) if 1 <= month <= 12 else None
            if day is None:
                raise ValueError
        else:
            day = dt.date(y, 12, 31) if end else dt.date(y, 1, 1)
    except ValueError:
        raise BadParam(name, f"is not a real date: {value!r}") from None
    return day.isoformat()


def date_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    s, u = date_param("since", since), date_param("until", until, end=True)
    if s and u and s > u:
        raise BadParam("since", f"{s} is after until {u}")
    return s, u


def country_param(name: str, value: str | None) -> str | None:
    """A country or organisation code: ISO 3166-1 alpha-3 (PRK, USA) or UN, EU, NATO, ..."""
    if value is None or value == "":
        return None
    v = value.strip()
    if not _CODE.match(v):
        raise BadParam(name, f"must be a country code like PRK, USA or an organisation code like UN; got {value!r}")
    return v.upper()


def type_param(value: str | None, name: str = "type") -> str | None:
    """One PLOVER type or a comma-separated list (``AGREE,CONSULT``)."""
    if value is None or value == "":
        return None
    parts = [v.strip().upper() for v in value.split(",") if v.strip()]
    for v in parts:
        if v not in PLOVER_TYPES:
            raise BadParam(name, f"must be one of: {', '.join(PLOVER_TYPES)} (or several, comma-separated); got {v!r}")
    return ",".join(parts) or None


def choice_param(name: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is None or value == "":
        return None
    v = value.strip().lower()
    if v not in allowed:
        raise BadParam(name, f"must be one of: {', '.join(allowed)}; got {value!r}")
    return v


def modality_param(value: str | None) -> str | None:
    return choice_param("modality", value, MODALITIES)


def text_param(name: str, value: str | None, *, max_len: int = 200) -> str | None:
    if value is None:
        return None
    v = value.strip()
    if not v:
        return None
    if len(v) > max_len:
        raise BadParam(name, f"is longer than {max_len} characters")
    return v


def int_param(name: str, value: str | int | None, *, default: int, lo: int, hi: int) -> int:
    if value is None or value == "":
        return default
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise BadParam(name, f"must be an integer from {lo} to {hi}; got {value!r}") from None
    if not lo <= n <= hi:
        raise BadParam(name, f"must be from {lo} to {hi}; got {n}")
    return n


def page_params(limit: str | None, offset: str | None, *, default_limit: int = 50) -> tuple[int, int]:
    return (int_param("limit", limit, default=default_limit, lo=1, hi=MAX_LIMIT),
            int_param("offset", offset, default=0, lo=0, hi=MAX_OFFSET))


def id_param(name: str, value: str) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise BadParam(name, f"must be a positive integer; got {value!r}") from None
    if n < 1 or n > 2**62:
        raise BadParam(name, f"must be a positive integer; got {value!r}")
    return n
