"""Which words of a free-text answer are people's names: the part of the PII scrub that needs judgement.

A first-name list alone lets surnames through ("[name] Bloggs", "Mrs Khan"). So a word is also a name
when the words around it say so: it follows a title ("Mr", "dr", "Sister"), an initial ("J. Smith")
or another name ("Jo Bloggs", "jo bloggs"), or it is written with a capital where English wouldn't
need one and is rare as an English word ("spoke to Okafor"). Two-letter capitals ("JB") and
dotted initials ("J.B.") are taken for initials.

How rare a word is comes from `wordfreq` (its English list ships inside the wheel: nothing is
downloaded, and only the small list, ~30,000 words, is loaded, once, at the first scrub: ~0.6 s,
in the analyst's process only; the participant kernel never imports analysis). Its wheel is large
(57 MB, every language's lists) but it is one well-kept package instead of a word list of our own. A
frequency list is what tells "Okafor" from "Office" without a list of every surname in Britain;
no library ships such a list offline at a sensible size (names-dataset is hundreds of MB, and
presidio or spaCy need a model download). `nameparser`'s 812 titles were tried for the title rule
but include "british", "leader", "deputy" and "designated", which would hide "British values" or
"Designated Safeguarding Lead"; the short list of honorifics below is what people put before a name.

The words the course itself uses that English rates rare (places in the kit's area, safeguarding
acronyms and services, apps) are listed in KEEP so they survive.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from importlib.resources import files


def words_of(text: str) -> frozenset[str]:
    """A word list written as text, the way it is easiest to read and extend."""
    return frozenset(text.split())


# Names that are also everyday words: scrubbed only when capitalised ("Grace", "WILL"), so that
# "I will", "in good faith" and "an amber flag" survive. Every other listed name goes in any case.
ALSO_WORDS = words_of(
    "amber angel april autumn bill blessing comfort don drew dawn ed eve faith favour frank gene "
    "gift grace grant guy hope jan joy june junior kit mark max may mercy miles nana pat "
    "patience peace penny poppy precious ray rose said sue summer will hung woo min ren sora"
)

STOP_WORDS = words_of(
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

# After these, in any case, comes a name: "Mr Hughes", "mrs o'hara", "Dr. Okeke".
HONORIFICS = words_of("mr mrs ms mx dr prof revd cllr")
# These are words too ("my sister", "the pastor"), so only a capitalised one before a capital counts.
TITLES = words_of(
    "miss sir dame lady lord rev fr pastor imam rabbi father sister brother aunty auntie aunt uncle "
    "councillor sergeant sgt pc dc ds nurse coach judge canon bishop sheikh"
)
# Lower-case parts of surnames: "Van der Berg", "Al-Hashimi", "ap Rhys", "Ní Bhriain".
PARTICLES = words_of("van von der den de del della di da das dos du la le al el bin ibn ap ní ni ó mac")

# Rare in English but not names: places around the kit's area, services, acronyms, apps, terms.
KEEP = words_of(
    "somerset taunton yeovil bridgwater frome minehead chard wells glastonbury shepton mallet burnham "
    "crewkerne ilminster wincanton cheddar watchet williton highbridge keynsham radstock midsomer "
    "mendip sedgemoor wiveliscombe dulverton exmoor quantock quantocks portishead clevedon weston "
    "devon dorset avon exeter plymouth torbay barnstaple wiltshire swindon gloucestershire "
    "safeguarding debrief toolkit ofsted nspcc childline barnardo barnardo's camhs lado senco sendco mash "
    "ddsl dsl dbs ehcp fimu "
    "ctp prevent channel contest cafcass nhs icb pcso yot send sen aqa ks ks1 ks2 ks3 ks4 gcse gcses "
    "islamist islamism incel incels manosphere radicalisation radicalised radicalise jihadist "
    "tiktok snapchat whatsapp instagram youtube roblox fortnite minecraft discord telegram reddit "
    "twitch facebook teams zoom shawcross esafety ukcis eu un ok uk us gp hr it pe re tv id am pm "
    "mp mps ce dfe ict rse pshe sats cic cin cp lac ptsd adhd asd ai hq fe la ot sw ey pr iq dt ta "
    "marac mappa idva isva cse cce fgm nrm asb csp vawg sikh sikhs hindu hindus"
)

_PLACEHOLDER = re.compile(r"\[(?:name|email|phone|number|postcode|link|handle)\]")
_TOKEN = re.compile(rf"{_PLACEHOLDER.pattern}|[^\W\d_]+(?:['’][^\W\d_]+)*")
_OPENER = re.compile(r"^(?:[OD]['’][A-Z]|Ma?c[A-Z][a-z])")  # O'Neill, D'Souza, McCarthy, MacLeod
_SENTENCE_END = re.compile(r"[.!?:;\n]")
RARE_CAPITAL = 3.3  # a capitalised word rarer than this (Zipf scale) is taken for a name
RARE_BEFORE_NAME = 4.0  # a capitalised word before a name: "Huang Wei", but not "Ask Wei"
RARE_AFTER_NAME = 4.6  # in lower case, after a lower-case name: "jo bloggs", but not "jo mentioned"
# Not names even when rare: nationalities, faiths, ideologies ("Romanian", "Sikh", "Misogynist").
_NOT_NAME_ENDING = re.compile(r"(?:ist|ists|ism|ian|ians|ese|ish|ic|ics)$")


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """The bundled list: common first names in England and Wales across communities, lower case."""
    text = files(__package__).joinpath("first_names.txt").read_text(encoding="utf-8")
    return frozenset(fold(line) for line in text.split() if line)


@lru_cache(maxsize=1)
def _english() -> dict[str, float]:
    from wordfreq import get_frequency_dict  # ~0.5 s, paid only by a process that scrubs

    return get_frequency_dict("en", wordlist="small")


@lru_cache(maxsize=1 << 16)
def zipf(word: str) -> float:
    """How common a word is in English: 0 (unknown) to ~7 ("the"); "Okafor" 0, "office" 5.4."""
    frequency = _english().get(fold(word).replace("’", "'"), 0.0)
    return math.log10(frequency * 1e9) if frequency else 0.0


def fold(word: str) -> str:
    """Compare names without case or accents, so "ZOË" and "zoe" are the same name."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1 << 16)
def _bare(word: str) -> str:
    """The word without a possessive "'s", folded."""
    folded = fold(word)
    return folded[:-2] if folded.endswith(("'s", "’s")) else folded


@lru_cache(maxsize=1 << 16)  # the same words come back in answer after answer
def is_listed_name(word: str) -> bool:
    folded = _bare(word)
    if folded not in first_names():
        return False
    return folded not in ALSO_WORDS or word[:1].isupper()


def _capital(word: str) -> bool:
    return word[:1].isupper()


@lru_cache(maxsize=1 << 16)
def _plain(word: str) -> bool:
    """Not a placeholder, stop word, title or listed term: free to be a name by context."""
    bare = _bare(word)
    return not (word.startswith("[") or bare in STOP_WORDS or bare in KEEP or bare in HONORIFICS or bare in TITLES)


def _rarity(word: str) -> float:
    """zipf() of the word or, for a plural, of its singular: "Fridays" is as common as "Friday"."""
    bare = _bare(word)
    return max(zipf(bare), zipf(bare[:-1]) if bare.endswith("s") else 0.0)


@lru_cache(maxsize=1 << 16)
def _rare_capital(word: str) -> bool:
    """A capitalised word English would not capitalise and hardly uses: "Okafor", "O'Neill", "ROJDA"."""
    if not _capital(word) or not _plain(word) or _NOT_NAME_ENDING.search(_bare(word)):
        return False
    if word.isupper() and len(word) > 2:  # an acronym, unless it reads like a word: "KARWAN", not "CAMHS"
        return sum(c in "AEIOU" for c in word) >= 2 and _rarity(word) < RARE_CAPITAL
    return bool(_OPENER.match(word)) or _rarity(word) < RARE_CAPITAL


def names_in(text: str) -> list[tuple[int, int]]:
    """(start, end) of every word in `text` that is taken for a person's name."""
    words = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    gaps = [text[words[i - 1][1] : words[i][0]] if i else text[: words[0][0]] for i in range(len(words))]
    gaps.append(text[words[-1][1] :] if words else "")
    n = len(words)
    name = [w == "[name]" or (not w.startswith("[") and is_listed_name(w)) for _, _, w in words]

    def joined(i: int) -> bool:  # word i and word i + 1 are parts of one name, if either is
        return i + 1 < n and gaps[i + 1].strip(" -") == "" and "\n" not in gaps[i + 1]

    for i, (_, _, word) in enumerate(words):
        bare, nxt = _bare(word), words[i + 1][2] if i + 1 < n else ""
        gap = gaps[i + 1]
        titled = bare in HONORIFICS and gap.strip(" .") == ""  # Mr Hughes, mrs o'hara, Dr. Okeke
        titled |= bare in TITLES and _capital(word) and _capital(nxt) and joined(i)  # Sister Bernadette
        if nxt and titled and _plain(nxt):
            name[i + 1] = True
        initial = len(word) == 1 and word.isupper() and _capital(nxt)  # J. Smith, J.B., but not "Plan A. Then"
        if initial and word in "AI":
            initial = gap.strip() == "." and (len(nxt) == 1 or is_listed_name(nxt) or _rarity(nxt) < RARE_BEFORE_NAME)
        if initial and (gap.strip() == "." or (gap == " " and _plain(nxt))):
            name[i] = name[i + 1] = True
        if bare in TITLES and not _capital(word) and joined(i) and _plain(nxt) and zipf(_bare(nxt)) < RARE_AFTER_NAME:
            name[i + 1] = True  # "miss langley", but not "I miss working"
        pair = joined(i) and not _capital(word) and not _capital(nxt) and _plain(word) and _plain(nxt)
        rarities = sorted((_rarity(word), _rarity(nxt))) if pair else (1.0, 9.0)
        if rarities[0] == 0 and rarities[1] < RARE_CAPITAL:
            name[i] = name[i + 1] = True  # two rare words in lower case: "shilan hamdan"
        if len(word) == 2 and word.isupper() and bare not in KEEP and bare not in STOP_WORDS:
            name[i] = True  # initials: "JB"
        if _rare_capital(word) and (  # at the start of a sentence only the rarer: "Safeguarding" stays
            (i and not _SENTENCE_END.search(gaps[i])) or zipf(_bare(word)) < RARE_CAPITAL - 0.6
        ):
            name[i] = True
    changed = True
    while changed:  # a name's neighbours: "Jo Bloggs", "jo bloggs", "Huang Wei", "Van der Berg"
        changed = False
        for i in range(n - 1):
            if not joined(i) or name[i] == name[i + 1]:
                continue
            (_, _, left), (_, _, right) = words[i], words[i + 1]
            j, other, this = (i + 1, right, left) if name[i] else (i, left, right)
            # A listed term written as a name right after one is a surname: "Sam Wells", "Aaliyah Fgm".
            surname = j == i + 1 and _capital(other) and not other.isupper() and _bare(other) in KEEP
            if not (_plain(other) or surname):
                continue
            hyphen = gaps[i + 1] == "-"
            if (j == i + 1 and _capital(other)) or hyphen:
                name[j] = True  # Jo Bloggs, Mr Van der Berg, Okonkwo-Reid, silva-brown
            elif j == i + 1:  # lower case after a name written in lower case, or after a hyphen
                lower = (not _capital(this) or hyphen) and not this.startswith("[")
                name[j] = other in PARTICLES or (lower and zipf(_bare(other)) < RARE_AFTER_NAME)
            elif _capital(other):  # Huang Wei, Okonkwo-Reid
                name[j] = bool(_OPENER.match(other)) or _rarity(other) < RARE_BEFORE_NAME
            else:  # a rare word in lower case: "soo-jin Hoang"
                name[j] = _rarity(other) == 0
            changed |= name[j]
    return [(s, e) for (s, e, w), is_name in zip(words, name, strict=True) if is_name and not w.startswith("[")]
