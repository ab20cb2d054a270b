"""The only module that imports kiwipiepy: a lazy, shared Kiwi and conversion to our Token.

Kiwi is built on first use (loading takes ~1.5 s), with the knowledge base's actor names added as
user words so that names such as 최선희 or 페스코프 come out as one proper noun.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_kiwi = None


def kiwi():
    """The shared Kiwi instance (built lazily, with KB user words)."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                k = Kiwi(num_workers=_workers)
                try:
                    from .kb import default_kb

                    for word in default_kb().user_words():
                        k.add_user_word(word, "NNP", 0.0)
                except Exception:  # noqa: BLE001 - a broken KB must not stop morphology; the KB reports itself
                    pass
                _kiwi = k
    return _kiwi


def analyse(texts: list[str]) -> list[list[list]]:
    """Tokenise texts (paragraphs) with sentence splitting.

    Returns, per input text, a list of sentences, each a list of Kiwi tokens (``.form``, ``.tag``,
    ``.start``, ``.len``) with offsets relative to that text. Several texts go to Kiwi as one batch
    (Kiwi's own worker threads, see :func:`set_workers`).
    """
    k = kiwi()
    if not texts:
        return []
    if len(texts) == 1:
        return [k.tokenize(texts[0], split_sents=True)]
    return list(k.tokenize(texts, split_sents=True))


_workers: int | None = 1


def set_workers(n: int | None) -> None:
    """Kiwi worker threads for batches (``None``: Kiwi's default, all cores). Call before first use."""
    global _workers, _kiwi
    _workers = n
    _kiwi = None
