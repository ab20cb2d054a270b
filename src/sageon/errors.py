"""Catalogued errors. Codes are stable and greppable; messages say what to do.

Every error the user can see is a :class:`SageonError`; the CLI prints its message on one line
(``Error: ...``) and exits 1, with a traceback only under ``--debug``.
"""

from __future__ import annotations


class SageonError(Exception):
    """Base class: ``code`` plus a message naming the input and the problem."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None):
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(f"[{self.code}] {prefix}{message}")


class InputError(SageonError):
    """An input file or record cannot be read (missing, undecodable, malformed)."""

    code = "E001"


class DecodeError(InputError):
    """Bytes that no supported encoding (UTF-8, EUC-KR, CP949, ...) decodes."""

    code = "E002"


class RecordError(InputError):
    """A corpus record lacks a field or has a bad value (``published`` not a date, ...)."""

    code = "E003"


class DataFileError(SageonError):
    """A bundled or user data file (KB, predicates, time words) has a bad row: names file:line."""

    code = "E010"


class ConfigError(SageonError):
    """A bad option value: says the allowed set."""

    code = "E020"


class StoreError(SageonError):
    """The store cannot be opened, migrated or written."""

    code = "E030"


class PipelineError(SageonError):
    """A stage failed on a document; names the stage and the document."""

    code = "E040"
