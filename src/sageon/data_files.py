"""Load the bundled, commented TSV data files (``sageon/data/*.tsv``).

Lines starting with ``#`` are comments; the first other line is the header. A row with the wrong
number of columns is a :class:`~sageon.errors.DataFileError` naming ``file:line``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import DataFileError

DATA = Path(str(resources.files("sageon") / "data"))


def read_tsv(path: Path, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = [c.strip() for c in line.split("\t")]
            if header is None:
                header = cells
                missing = [c for c in required if c not in header]
                if missing:
                    raise DataFileError(f"header lacks columns {missing} (has {header})", source=f"{path.name}:{lineno}")
                continue
            if len(cells) > len(header):
                raise DataFileError(f"{len(cells)} columns, header has {len(header)}", source=f"{path.name}:{lineno}")
            cells += [""] * (len(header) - len(cells))
            row = dict(zip(header, cells))
            for c in required:
                if not row.get(c):
                    raise DataFileError(f"'{c}' is empty", source=f"{path.name}:{lineno}")
            row["_line"] = f"{path.name}:{lineno}"
            rows.append(row)
    return rows


@lru_cache(maxsize=None)
def load_table(name: str, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """A bundled table by file name, e.g. ``load_table("predicates.tsv")`` (cached)."""
    return read_tsv(DATA / name, required)
