"""PII scrub for free-text answers, and the only ways free text reaches the analyst view.

Participants are colleagues in one room and sometimes type who or where they mean. Before any
answer is shown it loses emails, links, phone and other long numbers, UK postcodes, @handles
and people's names (`pii_names`: the bundled first-name list, titles, initials, neighbours, rare
capitalised words). The scrub errs towards hiding: a sentence-initial "Will" or the month "May"
becomes "[name]"; a leaked name would be worse. Precision and recall per kind, measured on the
labelled answers in tests/data/pii, are in docs/analyst.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pandas as pd

from .disclosure import Rule
from .pii_names import ALSO_WORDS, STOP_WORDS, first_names, is_listed_name, names_in, words_of

__all__ = ["ALSO_WORDS", "STOP_WORDS", "TOKENS", "first_names", "scrub", "text_answers", "word_counts"]


TOKENS = ("[email]", "[link]", "[phone]", "[number]", "[postcode]", "[handle]", "[name]")

# Endings that make "word.ending" a link without http or www; words like .in .me .is are left out,
# so a missing space after a full stop ("it was.in") isn't taken for one.
_ENDINGS = words_of(
    "com org net uk gov edu io info biz nhs police sch ac app dev eu ie ca au nz de fr pl pk ng gh jm tv xyz "
    "online site shop"
)
_TLDS = "|".join(sorted(_ENDINGS))

# A link runs to the next space, less the punctuation that ends its sentence: "(see x.org/a)."
_LINK_END = r"(?:\S*[^\s.,;:!?)\]'\"])?"

# Order matters: whole links and emails go before the domain, handle and number rules see them.
# Each rule comes with what a text must contain for it to match at all (checked first: most
# answers are plain sentences, and skipping rules that cannot match halves the scrub's time).
_DIGIT, _AT, _DOT = re.compile(r"\d"), re.compile("@"), re.compile(r"\.\w")
_RULES = [
    (re.compile(rf"(?i)(?:https?|ftp)://{_LINK_END}"), "[link]", re.compile("://")),
    (re.compile(r"(?<![\w.+%-])[\w.+%-]+@[\w-]+(?:\.[\w-]+)*"), "[email]", _AT),
    (re.compile(rf"(?i)(?<![\w.])www\.{_LINK_END}"), "[link]", re.compile("(?i)www\\.")),
    (re.compile(rf"(?i)(?<![\w@.-])(?:[\w-]+\.)+[a-z]{{2,}}/{_LINK_END}"), "[link]", _DOT),
    (re.compile(rf"(?i)(?<![\w@.-])(?:[\w-]+\.)+(?:{_TLDS})\b"), "[link]", _DOT),
    (re.compile(r"(?<![\w@])@\w+(?:\.\w+)*"), "[handle]", _AT),
    (
        re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}(?![A-Za-z0-9])"),
        "[postcode]",
        _DIGIT,
    ),
    # UK: +44 / 0044 (with an optional "(0)") or 0, then 9 or 10 digits with spaces, dashes, dots or brackets
    (
        re.compile(r"(?<![\w+])(?:(?:\+|00)\s*44\s*(?:\(\s*0\s*\)\s*)?|\(?0)(?:[\s\-().]*\d){9,10}(?!\d)"),
        "[phone]",
        _DIGIT,
    ),
    (re.compile(r"(?<![\w+])\+\s*\d(?:[\s\-().]*\d){6,14}(?!\d)"), "[phone]", _DIGIT),
    # anything else with 9+ digits (NHS numbers, long references): identifying more often than not
    (re.compile(r"(?<!\d)\d(?:[\s\-]?\d){8,}(?!\d)"), "[number]", _DIGIT),
]
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_PLACEHOLDER = re.compile("|".join(re.escape(token) for token in TOKENS))
_is_name = is_listed_name  # a word chart leaves out listed names even in lower case


def _scrub_once(text: str) -> str:
    for pattern, token, needs in _RULES:
        if needs.search(text):
            text = pattern.sub(token, text)
    for start, end in reversed(names_in(text)):
        text = text[:start] + "[name]" + text[end:]
    return text


def scrub(text: str) -> str:
    """The text with personal details replaced by tokens such as "[email]" and "[name]".

    Normalised first (NFKC), so full-width or styled characters don't slip past; repeated until
    nothing changes, so scrubbing twice gives the same text.
    """
    text = unicodedata.normalize("NFKC", str(text))
    for _ in range(5):
        scrubbed = _scrub_once(text)
        if scrubbed == text:
            break
        text = scrubbed
    return text


def _answers(texts: pd.Series) -> list[str]:
    """Non-blank answers as strings; one answer is one person."""
    return [answer for answer in (str(t).strip() for t in pd.Series(texts).dropna()) if answer]


def text_answers(texts: pd.Series, rule: Rule) -> list[str]:
    """Scrubbed answers, or none when fewer than k people answered.

    Sorted alphabetically rather than kept in order, so an answer's position can't be matched to
    a person's answers elsewhere (order of joining or of answering).
    """
    answers = _answers(texts)
    if len(answers) < rule.k:
        return []
    return sorted((scrub(answer) for answer in answers), key=str.casefold)


def _words(answer: str) -> set[str]:
    """An answer's distinct words after the scrub, lower case, without stop words or names."""
    text = _PLACEHOLDER.sub(" ", scrub(answer)).replace("’", "'").casefold()
    words = {m.group().removesuffix("'s") for m in _WORD.finditer(text)}
    return {w for w in words if len(w) > 1 and w not in STOP_WORDS and not _is_name(w.capitalize())}


def word_counts(texts: pd.Series, rule: Rule, top: int = 20) -> pd.DataFrame:
    """The `top` words by number of answers using them (columns word, people).

    Only words used by at least k answers, and people rounded as counts are; empty when fewer
    than k people answered. Listed names are left out even in lower case ("mark", "grace"): a
    word chart loses little by it.
    """
    answers = _answers(texts)
    counts = Counter(word for answer in answers for word in _words(answer)) if len(answers) >= rule.k else Counter()
    ranked = sorted(((w, n) for w, n in counts.items() if n >= rule.k), key=lambda wn: (-wn[1], wn[0]))[:top]
    return pd.DataFrame(
        {
            "word": pd.Series([w for w, _ in ranked], dtype=str),
            "people": pd.Series([rule.publish(n) for _, n in ranked], dtype="int64"),
        }
    )
