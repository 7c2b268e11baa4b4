"""A light language check: count each language's stopwords (from its ``cues.toml``).

The item's declared ``lang`` wins; this only fills the gap. py3langid costs ~131 MB RSS once its
model is loaded (DESIGN §8) against a 200 MB budget for the whole bot; stopword counts over the
six cue files cost nothing measurable and are right on news prose of a sentence or more. Ties and
texts with no stopword fall back to English.
"""

from __future__ import annotations

import re

from bot.claims.lexicon.cues import FALLBACK_LANG, cues_for, languages
from bot.claims.lexicon.sentences import fold

_WORD = re.compile(r"[a-z']+")


def detect(text: str) -> str:
    words = _WORD.findall(fold(text).text)
    best, best_score = FALLBACK_LANG, 0
    for lang in languages():
        stop = cues_for(lang).stopwords
        score = sum(1 for w in words if w in stop)
        if score > best_score:
            best, best_score = lang, score
    return best


def language_of(declared: str | None, text: str) -> str:
    if declared:
        code = declared.split("-")[0].split("_")[0].lower()
        if code in languages():
            return code
    return detect(text)
