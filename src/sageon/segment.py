"""Segment: paragraphs (newlines), then sentences and morphemes (Kiwi, one batch per document).

Korean news bodies often run sentences together without a space (``…촉구했습니다.안보실은``);
Kiwi's sentence splitter handles that. Subheads (``▌ …``) and the title line are their own
sentences, flagged ``subhead`` because their grammar is headline style.
"""

from __future__ import annotations

import bisect
import re

from . import morph
from .schema import Document, Paragraph, Sentence, Token

SUBHEAD_MARKS = "▌■◇▲◆●▶□△○◈"
_PARA = re.compile(r"[^\n]+")
# A sentence run into the next without a space (말했다.홍민 연구위원은): Kiwi splits the sentences but
# reads the glued first word badly (홍/NNG 민/NNG, not a name), so it is analysed with a space put in.
_GLUED = re.compile(r"(?<=[가-힣][.!?])(?=[가-힣A-Za-z“‘(\[])")


class _Tok:
    __slots__ = ("form", "tag", "start", "len")

    def __init__(self, form, tag, start, length):
        self.form, self.tag, self.start, self.len = form, tag, start, length


def _analyse(texts: list[str]) -> list[list[list]]:
    """Kiwi's sentences and tokens per paragraph, offsets in the paragraph's own text, with glued
    sentence joins analysed as if spaced (see _GLUED)."""
    spaced, inserts = [], []
    for t in texts:
        cuts = [m.start() for m in _GLUED.finditer(t)]
        inserts.append(cuts)
        spaced.append(_GLUED.sub(" ", t) if cuts else t)
    out = morph.analyse(spaced)
    for k, cuts in enumerate(inserts):
        if not cuts:
            continue
        # a position x in the spaced text is x - (spaces inserted before it) in the original
        shifted = [c + i for i, c in enumerate(cuts)]  # where each space sits in the spaced text
        out[k] = [[_Tok(t.form, t.tag, t.start - bisect.bisect_right(shifted, t.start - 1), t.len) for t in sent]
                  for sent in out[k]]
    return out


def paragraphs(text: str) -> list[Paragraph]:
    out = []
    for m in _PARA.finditer(text):
        s, e = m.span()
        # trim surrounding spaces so offsets hit text
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Paragraph(s, e, text[s:e]))
    return out


def _boilerplate_kind(doc: Document, start: int, end: int) -> str | None:
    """The boilerplate kind covering most of [start, end), if any."""
    covered = 0
    kind = None
    for b in doc.boilerplate:
        lo, hi = max(start, b.start), min(end, b.end)
        if hi > lo:
            covered += hi - lo
            kind = b.kind
    text = doc.text[start:end]
    nonspace = len(text) - text.count(" ")
    return kind if nonspace and covered >= 0.8 * nonspace else None


def segment(doc: Document) -> Document:
    paras = paragraphs(doc.text)
    doc.paragraphs = paras
    analysed = _analyse([p.text for p in paras])
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    title_end = len(doc.title) if doc.title and doc.text.startswith(doc.title) else -1
    for pi, (para, sents) in enumerate(zip(paras, analysed)):
        base = para.start
        if not sents:
            continue
        # Kiwi may drop leading/trailing symbols from sentences; stretch each sentence to the next
        # one's start so that every character of the paragraph belongs to a sentence.
        bounds = [(sent[0].start, sent[-1].start + sent[-1].len) for sent in sents if sent]
        for k, (s, e) in enumerate(bounds):
            if k == 0:
                s = 0
            e = bounds[k + 1][0] if k + 1 < len(bounds) else len(para.text)
            while e > s and para.text[e - 1].isspace():
                e -= 1
            bounds[k] = (s, e)
        for (s, e), sent in zip(bounds, [x for x in sents if x]):
            si = len(sentences)
            gs, ge = base + s, base + e
            subhead = para.text[:1] in SUBHEAD_MARKS or (title_end >= 0 and ge <= title_end)
            sentences.append(Sentence(gs, ge, doc.text[gs:ge], pi, _boilerplate_kind(doc, gs, ge), subhead))
            append = tokens.append
            for t in sent:
                ts = base + t.start
                tag = t.tag
                if "-" in tag:  # VV-R, VA-I: the regular/irregular mark is not part of the tag
                    tag = tag[:tag.index("-")]
                append(Token(t.form, tag, ts, ts + t.len, si))
    doc.sentences = sentences
    doc.tokens = tokens
    return doc
