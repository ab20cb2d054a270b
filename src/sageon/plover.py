"""PLOVER event types: quad class, CAMEO root code and default Goldstein score, in one place.

Quad classes (as in PLOVER and GDELT): 1 verbal cooperation, 2 material cooperation,
3 verbal conflict, 4 material conflict. CAMEO roots are the nearest CAMEO root for each PLOVER
type (PLOVER → CAMEO is many-to-many; this is the conventional choice), and the Goldstein
scores are the CAMEO roots' usual values, used when an event carries no intensity of its own.
"""

from __future__ import annotations

# type: (quad class, CAMEO root, Goldstein)
PLOVER: dict[str, tuple[int, str, float]] = {
    "AGREE": (1, "03", 4.0),
    "CONSULT": (1, "04", 1.0),
    "SUPPORT": (1, "05", 3.5),
    "CONCEDE": (1, "08", 5.0),
    "COOPERATE": (2, "06", 6.0),
    "AID": (2, "07", 7.0),
    "RETREAT": (2, "08", 5.0),
    "REQUEST": (3, "02", -2.0),
    "ACCUSE": (3, "11", -2.0),
    "REJECT": (3, "12", -4.0),
    "THREATEN": (3, "13", -6.0),
    "PROTEST": (3, "14", -6.5),
    "SANCTION": (4, "16", -4.0),
    "MOBILIZE": (4, "15", -7.2),
    "COERCE": (4, "17", -7.0),
    "ASSAULT": (4, "18", -9.0),
}

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
COOPERATION = frozenset({1, 2})
CONFLICT = frozenset({3, 4})


def quad_class(event_type: str | None) -> int | None:
    """Quad class for a PLOVER type (``"ACCUSE"`` → 3); ``None`` for an unknown type."""
    row = PLOVER.get((event_type or "").upper())
    return row[0] if row else None


def cameo_root(event_type: str | None) -> str | None:
    """CAMEO root code (``"01"``..``"20"``) nearest to a PLOVER type."""
    row = PLOVER.get((event_type or "").upper())
    return row[1] if row else None


def goldstein(event_type: str | None) -> float | None:
    """Default Goldstein score (-10..+10) for a PLOVER type."""
    row = PLOVER.get((event_type or "").upper())
    return row[2] if row else None
