"""Words for synthetic answers: what trainees plausibly type, and the personal details planted
in some of it so the PII scrub has something to prove itself on.

Every text is about the writer, their team or the course, never about a person of concern:
a demo must not invent someone to stigmatise. Phone numbers come from Ofcom's ranges kept for
drama (no real line answers them), emails and links use the reserved example domains.
"""

from __future__ import annotations

import random

LABELS = (  # where a session was run; the demo adds who ran it
    "Taunton team",
    "Yeovil hub",
    "Online – Bridgwater",
    "Frome schools cluster",
    "Minehead front desk",
    "Wells GP practices",
    "Chard housing officers",
    "Online – Glastonbury youth service",
    "Shepton Mallet college staff",
    "Burnham adult social care",
)

# Short answers to "what makes a good referral?", with how often a room types each.
REFERRAL_WORDS = {
    "Informed": 14,
    "Proportionate": 12,
    "Good intention": 10,
    "checked first": 8,
    "Evidence": 7,
    "Robust": 6,
    "proportionate": 6,
    "informed": 5,
    "Talk to DSL first": 4,
    "Facts not assumptions": 4,
    "Honest": 3,
    "Well informed": 3,
    "Support not blame": 3,
    "Checked and recorded": 2,
    "Not sure": 2,
    "Care": 2,
}

# Answers to open questions ("what would you like to ask or discuss?").
QUESTIONS = (
    "How do we record a concern we checked and decided not to refer?",
    "What happens after our DSL sends the form? Do we hear back?",
    "Can we talk about raising a worry without it feeling like an accusation?",
    "How long does the Prevent team usually take to screen a referral?",
    "What if the person is an adult and doesn't want any support?",
    "Is it OK to email the council's Prevent lead just to talk something through?",
    "How do we support a young person after a referral that wasn't taken forward?",
    "I'd like more time on the difference between an assumption and an assertion.",
    "How does Channel work alongside mental health services?",
    "What should I do if my manager isn't around and I'm worried about someone?",
    "Can we share information with a new school when a pupil moves?",
    "When is online gaming chat just banter, and when should we check further?",
    "How do we avoid bias when a concern comes from a neighbour dispute?",
    "Does a Prevent referral ever show up on a DBS check?",
    "How do we explain Prevent to parents who are anxious about it?",
    "Could we have a follow-up session on writing clear, factual records?",
    "What counts as immediate danger in practice?",
    "How do we look after staff after a difficult case?",
)

# Answers to "what will you do differently?" in the evaluation.
INTENTIONS = (
    "Check with my DSL before deciding anything, and write down what I checked.",
    "Separate what I have actually seen from what other people tell me.",
    "Stop saying 'report' and talk about getting someone support.",
    "Look for other explanations before jumping to conclusions.",
    "Find out who covers safeguarding on our evening shifts.",
    "Save our local authority Prevent lead's email in my phone.",
    "Record my decision even when I don't refer.",
    "Go through Notice, Check, Share with my team at our next meeting.",
    "Feel more confident raising a concern instead of sitting on it.",
    "Ask open questions and listen before assuming anything.",
    "Read our safeguarding procedure again this week.",
    "Gently challenge colleagues who treat faith or dress as a sign.",
    "Think about other safeguarding routes, not only Prevent.",
    "Talk to colleagues who know the person before making up my mind.",
    "Remember that data protection doesn't stop me sharing a genuine concern.",
    "Make sure any referral I'm part of is proportionate and informed.",
    "Notice my own assumptions, especially when a concern comes second hand.",
    "Keep notes factual: dates, what was said, who saw it.",
    "Put the local Prevent contacts on our staff noticeboard.",
    "Not sure yet, but I feel better prepared.",
    "Ask our DSL how we log concerns that don't meet the threshold.",
    "Check records before relying on a label someone else wrote.",
    "Keep grief and mental health in mind as possible explanations.",
    "Call 999 first if anyone is in immediate danger, then tell my lead.",
    "Do the Prevent awareness refresher.",
    "Explain to young people that a referral is about support, not punishment.",
    "Follow up with my lead after raising a concern rather than assume it's dealt with.",
    "Use the three Ms as a check on myself: misguided, misinformed, malicious.",
    "Share the handout with new starters in our team.",
    "Nothing different really, but it was a useful refresher.",
)

FIRST_NAMES = (
    "Priya", "Tom", "Sarah", "Ahmed", "Chloe", "Kwame", "Megan", "Oliver",
    "Fatima", "Daniel", "Aisha", "James", "Zofia", "Liam", "Grace", "Ravi",
)  # fmt: skip
LAST_NAMES = ("Smith", "Khan", "Jones", "Patel", "Evans", "Nowak", "Okafor", "Taylor", "Brown", "Murphy", "Hughes")
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr")
OUTWARD = ("TA1", "TA2", "TA6", "TA21", "TA24", "BA4", "BA5", "BA11", "BA16", "BA20", "BA21")
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # postcodes' inward letters leave out C I K M O V

# (kind, sentence with {value}): each adds one personal detail a trainee might plausibly type.
PII_SENTENCES = (
    ("email", "Happy to share my notes: {value}."),
    ("email", "Please send the slides to {value}."),
    ("mobile", "Text me on {value} if there's a follow-up session."),
    ("landline", "Our office is on {value} to book training for the rest of the team."),
    ("postcode", "A session nearer {value} would help our part-time staff."),
    ("url", "Our procedure is at {value} if others want to compare."),
    ("name", "I spoke to {value} about this at the break and we'll review our log together."),
    ("name", "Thanks to {value} for explaining how their team records checks."),
    ("titled_name", "{value} is our DSL, so I'll go through this with her next week."),
    ("titled_name", "Thanks to {value} for explaining how their team records checks."),
    ("titled_name", "I'll ask {value} in HR to add this to our induction."),
    ("full_name", "{value} and I are going to update our team's concerns log."),
)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def pii_value(kind: str, rng: random.Random) -> str:
    """A made-up personal detail of one kind, in one of the shapes people type it."""
    if kind == "email":
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        return f"{first.lower()}.{last.lower()}@{rng.choice(('example.org', 'example.com', 'example.net'))}"
    if kind == "mobile":  # 07700 900000 to 900999: Ofcom's drama range
        tail = _digits(rng, 3)
        return rng.choice((f"07700 900{tail}", f"07700900{tail}", f"+44 7700 900{tail}"))
    if kind == "landline":  # drama ranges: 01632 (no such area), Bristol, London
        tail = _digits(rng, 3)
        return rng.choice((f"01632 960{tail}", f"0117 496 0{tail}", f"020 7946 0{tail}"))
    if kind == "postcode":
        return f"{rng.choice(OUTWARD)} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
    if kind == "url":
        page = rng.choice(("safeguarding", "our-team/procedures", "staff/prevent-notes", "policies"))
        return rng.choice((f"https://www.example.org/{page}", f"www.example.com/{page}", f"http://example.net/{page}"))
    if kind == "name":
        return rng.choice(FIRST_NAMES)
    if kind == "titled_name":  # "Mrs Hughes", "Dr Priya Okafor"
        first = f"{rng.choice(FIRST_NAMES)} " if rng.random() < 0.3 else ""
        return f"{rng.choice(TITLES)} {first}{rng.choice(LAST_NAMES)}"
    if kind == "full_name":
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    raise ValueError(f"no such kind of personal detail: {kind}")


def with_pii(text: str, rng: random.Random) -> tuple[str, dict]:
    """`text` with one planted personal detail added; also what was planted."""
    kind, sentence = rng.choice(PII_SENTENCES)
    value = pii_value(kind, rng)
    return f"{text} {sentence.format(value=value)}", {"kind": kind, "value": value}
