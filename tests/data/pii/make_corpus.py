"""Writes the labelled PII corpus the scrub is measured on (tests/data/pii/*.jsonl).

    .venv/bin/python tests/data/pii/make_corpus.py

- corpus.jsonl: answers made from templates (below) and name pools of many origins, seeded, so the
  file is the same on every run; the tests read the committed file, never this script's output.
- heldout.jsonl: heldout.txt converted as it is (hand-written, not used while tuning the scrub).

One JSON object a line: {"text": ..., "spans": [[start, end, kind], ...]}, kinds name, email, phone,
postcode, url, handle. A title ("Mrs", "Dr") is not part of a name's span; the name after it is.
Phone numbers are from Ofcom's drama ranges, emails and links use reserved example domains.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent
MARK = re.compile(r"\[\[(\w+):(.+?)\]\]")

# (first names, surnames) by origin: people in a Somerset training room and the people they mention.
ORIGINS = {
    "british": (
        "Oliver Charlotte Harry Emily George Sophie Jack Lucy Thomas Rebecca Samuel Katie Matthew "
        "Hannah Joseph Laura Ben Gemma Craig Stacey Wayne Leanne Dean Kerry Darren Claire",
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker "
        "White Roberts Green Hall Wood Jackson Clarke Bloggs Pennington Ashworth Whitfield Thornbury "
        "Hargreaves Cartwright Langley Fairbrother Ollerenshaw",
    ),
    "irish_scottish_welsh": (
        "Siobhan Niamh Ciaran Padraig Eoin Saoirse Aoife Oisin Fionn Mairead Callum Eilidh Hamish Iona "
        "Rhys Gethin Carys Angharad Bethan Emyr",
        "O'Neill O'Brien McCarthy Kavanagh Doherty Byrne McLaughlin Gallagher O'Sullivan MacLeod "
        "McGregor Campbell Fraser Sinclair Llewelyn Pritchard Vaughan Prosser Griffiths ap Rhys",
    ),
    "south_asian": (
        "Priya Harpreet Gurpreet Sanjay Anil Rajesh Deepa Sunita Arjun Kiran Imran Nadia Farhan Shabana "
        "Tahmina Rezaul Asif Sumaira Navdeep Manpreet Lakshmi Venkat Nikhil Aarav Ishaan Ananya",
        "Patel Khan Singh Kaur Sharma Gupta Chaudhry Hussain Begum Rahman Ahmed Akhtar Iqbal Mahmood "
        "Malik Sandhu Gill Dhillon Bhatt Mistry Chowdhury Uddin Nair Reddy Krishnan Siddiqui",
    ),
    "african_caribbean": (
        "Chinedu Ngozi Oluwaseun Adebayo Folake Kwame Kofi Ama Abena Yaw Tendai Tatenda Nomvula Thabo "
        "Amani Wanjiru Hodan Abdirahman Fadumo Ayaan Leroy Marcia Delroy Tyrone Jermaine Shanice",
        "Okafor Okonkwo Adeyemi Balogun Mensah Owusu Boateng Asante Moyo Ndlovu Dlamini Mwangi Otieno "
        "Warsame Abdi Farah Osman Campbell-Reid Clarke-Hinds Thompson Bailey Francis",
    ),
    "eastern_european": (
        "Agnieszka Katarzyna Piotr Krzysztof Tomasz Marta Zofia Jakub Andrei Ioana Mihai Elena Vytautas "
        "Rasa Jurgita Oksana Dmytro Olena Nikolai Svetlana Bogdan Iveta Marek Zuzana",
        "Nowak Kowalski Wiśniewska Wójcik Kamińska Lewandowski Zieliński Szymańska Popescu Ionescu "
        "Constantin Petrauskas Kazlauskas Shevchenko Bondarenko Kovalenko Ivanova Horvath Novotna Dvorak",
    ),
    "arabic_turkish_kurdish": (
        "Ahmed Fatima Omar Layla Khalid Yasmin Hassan Mariam Tariq Noor Samir Rania Youssef Huda Mehmet "
        "Elif Emre Zeynep Baran Rojda Dilan Karwan Shilan",
        "Al-Rashid Haddad Mansour Nasser El-Amin Saleh Abboud Khalil Hamdan Yilmaz Demir Kaya Celik "
        "Ozturk Aydin Barzani Talabani Rashid Al-Masri",
    ),
    "east_asian": (
        "Wei Jing Mei Xiaoling Hao Yan Lina Jun Ming Anh Linh Thanh Huong Duc Minh Hiroshi Yuki Haruto "
        "Soo-jin Min-ho Ji-woo",
        "Wang Zhang Chen Liu Huang Zhou Wu Xu Lin Nguyen Tran Pham Le Hoang Vu Tanaka Suzuki Sato Kim Park Lee",
    ),
    "other": (
        "João Beatriz Tiago Inês Ana Luis Mateo Lucia Giulia Marco Femi Ingrid Lars Sven Astrid Dimitris Eleni",
        "Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Garcia Fernandez Rossi Esposito Bianchi "
        "Andersen Larsen Papadopoulos Georgiou",
    ),
}
FIRST = {origin: pools[0].split() for origin, pools in ORIGINS.items()}
LAST = {origin: pools[1].replace("ap Rhys", "ap-Rhys").split() for origin, pools in ORIGINS.items()}
TITLES = ["Mr", "Mrs", "Ms", "Miss", "Dr", "Mr.", "Mrs.", "Dr.", "mr", "mrs", "Prof", "Rev", "Sister", "Imam",
          "Pastor", "Aunty", "Uncle"]  # fmt: skip
ROLES = ["my DSL", "the DSL,", "our DSL", "our deputy DSL", "my manager", "my line manager", "the head,",
         "our safeguarding lead", "the head teacher", "our SENCO", "my supervisor", "the ward sister,",
         "our team leader", "my colleague", "the youth worker", "the housing officer,"]  # fmt: skip


def name(rng: random.Random) -> tuple[str, str]:
    """(text before the name that is not part of it, the name) in one of the ways people write one."""
    origin = rng.choice(list(ORIGINS))
    first, last = rng.choice(FIRST[origin]), rng.choice(LAST[origin])
    if rng.random() < 0.15:  # double-barrelled
        last = f"{last}-{rng.choice(LAST[rng.choice(list(ORIGINS))])}"
    shape = rng.choice(["first", "first last", "first last", "title last", "title last", "title first last",
                        "initial last", "initials", "lower", "upper first"])  # fmt: skip
    if shape == "first":
        return "", first
    if shape == "first last":
        return "", f"{first} {last}"
    if shape == "title last":
        return rng.choice(TITLES) + " ", last
    if shape == "title first last":
        return rng.choice(TITLES) + " ", f"{first} {last}"
    if shape == "initial last":
        return "", rng.choice([f"{first[0]}. {last}", f"{first[0]} {last}", f"{first[0]}.{last}"])
    if shape == "initials":
        return "", rng.choice([f"{first[0]}{last[0]}", f"{first[0]}.{last[0]}."])
    if shape == "lower":
        title = rng.choice(["", "", "mr ", "mrs ", "miss "])
        return title, (last if title else f"{first} {last}").lower()
    return "", first.upper()


def phone(rng: random.Random) -> str:
    tail = f"{rng.randint(0, 999):03d}"
    return rng.choice([
        f"07700 900{tail}", f"07700900{tail}", f"07700 900 {tail}", f"+44 7700 900{tail}", f"+447700900{tail}",
        f"0044 7700 900 {tail}", f"07700-900-{tail}", f"07700.900.{tail}", f"(07700) 900{tail}",
        f"01632 960{tail}", f"(01632) 960 {tail}", f"01632-960{tail}", f"0117 496 0{tail}", f"0117 4960{tail}",
        f"020 7946 0{tail}", f"+44 (0)20 7946 0{tail}", f"+44 20 7946 0{tail}", f"0113 496 0{tail}",
        f"0808 157 0{tail}", f"0300 123 {tail[0]}{tail}", f"01823 {rng.randint(100000, 999999)}",
        f"01935 {rng.randint(100, 999)} {tail}",
    ])  # fmt: skip


def email(rng: random.Random) -> str:
    origin = rng.choice(list(ORIGINS))
    first, last = rng.choice(FIRST[origin]).lower(), rng.choice(LAST[origin]).lower().replace("'", "")
    local = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}{rng.randint(1, 99)}", f"{last}.{first[0]}",
                        f"{first}_{last}", "safeguarding", "prevent.team", f"{first}+training"])  # fmt: skip
    domain = rng.choice(["example.org", "example.com", "example.co.uk", "example.sch.uk", "example.nhs.uk",
                         "example.gov.uk", "mail.example.net", "example.ac.uk", "example.org.uk"])  # fmt: skip
    address = f"{local}@{domain}"
    return address.upper() if rng.random() < 0.05 else address


INWARD = "ABDEFGHJLNPQRSTUWXYZ"


def postcode(rng: random.Random) -> str:
    area = rng.choice(["TA1", "TA2", "TA6", "TA21", "TA24", "BA4", "BA16", "BA20", "BS1", "BS8", "EX4", "M1",
                       "B33", "W1A", "SW1A", "EC1V", "CR2", "N1", "LS6", "CF10", "G2"])  # fmt: skip
    code = f"{area} {rng.randint(0, 9)}{rng.choice(INWARD)}{rng.choice(INWARD)}"
    return rng.choice([code, code, code.lower(), code.replace(" ", "")])


def url(rng: random.Random) -> str:
    page = rng.choice(["safeguarding", "prevent", "staff/policies", "docs/prevent-flowchart.pdf"])
    return rng.choice([f"https://www.example.org/{page}", f"www.example.com/{page}", f"example.org.uk/{page}",
                       f"http://intranet.example.net/{page}"])  # fmt: skip


def handle(rng: random.Random) -> str:
    origin = rng.choice(list(ORIGINS))
    first = rng.choice(FIRST[origin]).lower().replace("-", "")  # no hyphens in a handle
    return rng.choice([f"@{first}_{rng.randint(1, 99)}", f"@{first}.safeguards", f"@the_real_{first}"])


MAKERS = {"phone": phone, "email": email, "postcode": postcode, "url": url, "handle": handle}

# Answers with a detail: {name}, {phone}… are filled in; several per template are fine.
WITH_DETAILS = """\
I'd speak to {name} before doing anything.
{role} {name} would be my first port of call.
Spoke to {name} about this at the break, we'll review our log together.
Thanks to {name} for explaining how Channel works.
Ring {name} on {phone} or {email}, {postcode}
Happy to share my notes, email me at {email}.
Text me on {phone} if there's a follow-up session.
Our office is on {phone} to book training for the rest of the team.
A session nearer {postcode} would help our part-time staff.
Our procedure is at {url} if others want to compare.
I'd go to {role} {name} first and then ring the Prevent advice line.
{name} and {name} from our team would benefit from this.
ask {name} in the office, they know more about the MASH than me
i think {name} said the channel panel meets monthly
Not sure, would check with {name} on Monday.
{name} said the Home Office guidance changed in December.
Please send the slides to {email} thanks
We had a similar case last year, {name} dealt with it.
Contact me on {phone}.
My work mobile is {phone}, or landline {phone}.
Find us at {postcode}, Taunton.
The school is at {postcode} if you want to run this for us.
Follow {handle} for updates from our youth team.
{name} from Yeovil hub had a good point about online gaming.
My manager is {name}, she's the deputy DSL.
I work with {name} at the GP surgery in Bridgwater.
{name} mentioned a Discord server the kids use.
{role} {name} is off on Fridays, so that's a gap for us.
Could {name} send round the Prevent duty guidance?
I'm {name}, safeguarding lead at a primary in Frome, {email}
Worried about how we'd support {name} in year 9, will talk to the DSL.
Best contact is {name} ({email}) or {phone}.
Me and {name} both found the case studies realistic.
We asked {name} from Somerset Council to come and talk to us.
{name} at the front desk gets these calls most.
I'd tell {name} the same day and write it down.
The advice line {phone} was really helpful when {name} rang it.
Our DSL is {name}, extension 2041.
I sat next to {name}, who works nights at the care home.
Can {name} have a certificate too? Email {email}
Met {name} from Counter Terrorism Policing at the break.
{name} runs the youth club at {postcode} on Wednesdays.
If in doubt, ask {name}.
Good session. {name} explained the extreme right-wing material well.
{name}'s team in Minehead covers the evening shift.
Mentioned it to {name}; he is going to check with Channel.
Talk to {name} or {name}, either will know.
see {url} for our flowchart
Drop {name} a line on {email} about the next course.
Our admin, {name}, can book the room; ring {phone}.
"""
ROLE_TEMPLATES = [t for t in WITH_DETAILS.splitlines() if "{role}" in t]

# Answers that must come through unchanged: places, course terms, organisations, ideologies, days.
LOOK_ALIKES = """\
Talk to the DSL first.
Check with the DSL before deciding anything, and write down what I checked.
The Channel panel in Taunton meets monthly.
Prevent is about support, not punishment.
Home Office guidance says a referral is not an accusation.
I work in Yeovil and we have a lot of online cases.
Somerset Council's Prevent team replied within a day.
Islamist and extreme right-wing ideologies were well covered.
More on incel and misogynist content please.
Mixed, unclear or unstable ideologies are on the rise.
Could we have a follow-up on Tuesday or Thursday afternoons?
Best months for us are September and January.
Notice, Check, Share is easy to remember.
ACT Early and the Prevent advice line are useful for parents.
Counter Terrorism Policing explained the process well.
Avon and Somerset Police have a good Prevent team.
Our MASH in Taunton triages these first.
CAMHS waiting lists are long in Somerset.
The LADO is for allegations against staff, not Prevent.
Our SENCO had good points about autism and vulnerability.
NHS England has its own Prevent training.
Ofsted asks about the Prevent duty in inspections.
The Department for Education guidance is clear.
WhatsApp groups and TikTok were mentioned a lot.
Gaming on Discord and Roblox came up in our team.
The NSPCC and Childline can help young people too.
Barnardo's runs a service in Bridgwater.
Citizens Advice in Frome see people in crisis.
The Shawcross review is worth reading.
Good to know about the FIMU.
Wells, Glastonbury and Street share one safeguarding hub.
Minehead and Chard are a long way from Taunton.
I'd ring 999 if anyone was in immediate danger.
Referral numbers went up in 2023, about 15% more.
Year 9 and Year 10 pupils are the ones we see most.
Sorting the statements was harder than I expected.
The case with the notebook in school was the best one.
The online club symbol case made me think.
Support not blame.
Proportionate and informed.
I will hope for the best but plan for the worst.
We meet every Monday at 10am.
Christmas and Easter holidays are when we lose contact with families.
Muslim families sometimes feel targeted by Prevent, we discussed that.
The far-right and Islamist threats both came up.
The Terrorism Act was mentioned but not explained.
Channel is voluntary, which I didn't know.
The GP surgery and the pharmacy both raised concerns.
The Yeovil and Taunton teams should train together.
Somerset is rural, so online radicalisation matters more here.
Very useful, thank you.
Clear and practical.
Too short, could be a full day.
Would like more on the Prevent duty for colleges.
Not sure yet, but I feel better prepared.
The DDSL role was explained well.
The DBS question came up: a referral doesn't show on a DBS check.
Keep notes factual: dates, what was said, who saw it.
I'd use the Prevent referral form on the council website.
The Anti-Terrorist Hotline is for immediate threats.
Great trainer, thank you!
Some colleagues mix up Prevent and Pursue in CONTEST.
Good mix of videos and discussion, Wednesday sessions suit us.
Exeter and Bristol have bigger teams than Somerset.
The Community Safety Partnership leads on Prevent here.
Universal Credit and housing stress came up as factors.
The Christian and Sikh chaplains both attended.
We support Ukrainian and Afghan families in Taunton.
Polish and Romanian workers at the factory were mentioned.
British values came up, which I was glad about.
Holocaust denial content on YouTube was shown as an example.
Misogynist influencer content is a real issue in our school.
"""


def place(template: str, rng: random.Random) -> tuple[str, list]:
    """A template filled in, with the spans of what was put in."""
    text, spans, at = "", [], 0
    for piece in re.split(r"(\{\w+\})", template):
        if not piece.startswith("{"):
            text += piece
            continue
        kind = piece[1:-1]
        if kind == "role":
            text += rng.choice(ROLES)
            continue
        before, value = name(rng) if kind == "name" else ("", MAKERS[kind](rng))
        text += before
        at = len(text)
        text += value
        spans.append([at, at + len(value), kind])
    return text, spans


def from_marked(line: str) -> dict:
    """A hand-written answer with [[kind:text]] marks, as text and spans."""
    line = unicodedata.normalize("NFKC", line)  # as the scrub sees it, so spans stay in place
    text, spans, last = "", [], 0
    for m in MARK.finditer(line):
        text += line[last : m.start()]
        spans.append([len(text), len(text) + len(m.group(2)), m.group(1)])
        text += m.group(2)
        last = m.end()
    return {"text": text + line[last:], "spans": spans}


def corpus(seed: int = 14) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    templates = WITH_DETAILS.splitlines()
    for i in range(330):
        template = templates[i % len(templates)] if i < len(templates) else rng.choice(templates)
        text, spans = place(template, rng)
        rows.append({"text": text, "spans": spans})
    rows += [{"text": t, "spans": []} for t in LOOK_ALIKES.splitlines()]
    for _ in range(40):  # look-alikes and details in one answer
        a, b = rng.choice(LOOK_ALIKES.splitlines()), rng.choice(templates)
        text, spans = place(b, rng)
        rows.append({"text": f"{a} {text}", "spans": [[s + len(a) + 1, e + len(a) + 1, k] for s, e, k in spans]})
    rng.shuffle(rows)
    return rows


def write(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            for start, end, kind in row["spans"]:
                assert row["text"][start:end].strip() == row["text"][start:end], (row, kind)
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    write(corpus(), HERE / "corpus.jsonl")
    lines = (HERE / "heldout.txt").read_text(encoding="utf-8").splitlines()
    write([from_marked(line) for line in lines if line and not line.startswith("#")], HERE / "heldout.jsonl")
