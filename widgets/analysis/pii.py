"""PII scrub for free-text answers, and the only ways free text reaches the analyst view.

Participants are colleagues in one room and sometimes type who or where they mean. Before any
answer is shown it loses emails, links, phone and other long numbers, UK postcodes, @handles
and first names from the bundled list (`first_names.txt`). The scrub errs towards hiding:
a sentence-initial "Will" or the month "May" becomes "[name]"; a leaked name would be worse.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib.resources import files

import pandas as pd

from .disclosure import Rule


def _words_of(text: str) -> frozenset[str]:
    """A word list written as text, the way it is easiest to read and extend."""
    return frozenset(text.split())


TOKENS = ("[email]", "[link]", "[phone]", "[number]", "[postcode]", "[handle]", "[name]")

# Names that are also everyday words: scrubbed only when capitalised ("Grace", "WILL"), so that
# "I will", "in good faith" and "an amber flag" survive. Every other listed name goes in any case.
ALSO_WORDS = _words_of(
    "amber angel april autumn bill blessing comfort don drew dawn ed eve faith favour frank gene "
    "gift grace grant guy hope jan joy june junior kit mark max may mercy miles nana pat "
    "patience peace penny poppy precious ray rose said sue summer will"
)

# Endings that make "word.ending" a link without http or www; words like .in .me .is are left out,
# so a missing space after a full stop ("it was.in") isn't taken for one.
_ENDINGS = _words_of(
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
    (re.compile(r"(?<![\w@])@\w+"), "[handle]", _AT),
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

STOP_WORDS = _words_of(
    "a about above after again against all also am an and any are as at be because been before "
    "being below between both but by can could did do does doing don't down during each even "
    "ever few for from further get got had has have having he her here hers herself him himself "
    "his how i i'd i'll i'm i've if in into is isn't it it's its itself just let's like me more "
    "most much my myself no nor not now of off on once one only or other our ours ourselves out "
    "over own really same she should so some such than that that's the their theirs them "
    "themselves then there there's these they they're this those through to too under until up "
    "us very was wasn't we we're were what what's when where which while who whom why will with "
    "would you you're your yours yourself yourselves"
)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """The bundled list: common first names in England and Wales across communities, lower case."""
    text = files(__package__).joinpath("first_names.txt").read_text(encoding="utf-8")
    return frozenset(_fold(line) for line in text.split() if line)


def _fold(word: str) -> str:
    """Compare names without case or accents, so "ZOË" and "zoe" are the same name."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1 << 16)  # the same words come back in answer after answer
def _is_name(word: str) -> bool:
    folded = _fold(word)
    if folded.endswith(("'s", "’s")):
        folded = folded[:-2]
    if folded not in first_names():
        return False
    return folded not in ALSO_WORDS or word[:1].isupper()


def _scrub_once(text: str) -> str:
    for pattern, token, needs in _RULES:
        if needs.search(text):
            text = pattern.sub(token, text)
    return _WORD.sub(lambda m: "[name]" if _is_name(m.group()) else m.group(), text)


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
