"""Local arrangements: who to contact in one area. Another area writes its own file; the
national contacts are part of the kit and always shown."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from widgets.content.base import Identifier, Strict

EMAIL = r"^([^@\s]+@[^@\s]+\.[^@\s]+)?$"
OPTIONAL_URL = r"^(https?://\S+)?$"  # only web links: a javascript: link must not reach a page


class Contact(Strict):
    """A person, team or line to contact, with how."""

    name: str = Field(min_length=1, max_length=120, description="Who, e.g. 'Somerset Prevent team'.")
    email: str = Field(
        default="", max_length=200, pattern=r"^([^@\s]+@[^@\s]+\.[^@\s]+)?$", description="Email address, if any."
    )
    phone: str = Field(default="", max_length=40, pattern=r"^[0-9 +()-]*$", description="Phone number, if any.")
    url: str = Field(
        default="", max_length=300, pattern=r"^(https?://\S+)?$", description="Web page (http or https), if any."
    )
    note: str = Field(default="", max_length=300, description="Who it is for, when to use it, opening hours.")
    prevent_lead: bool = Field(
        default=False,
        description="The local authority Prevent lead: staff's contact when their own DSL can't be reached.",
    )


class Link(Strict):
    """A local guide or page worth reading."""

    title: str = Field(min_length=1, max_length=200, description="Title of the page or document.")
    url: str = Field(max_length=300, pattern=r"^https?://\S+$", description="Where to find it (http or https).")


class LocalArea(Strict):
    """The local arrangements of one area (scenarios/local/<id>.yaml)."""

    schema_version: Literal[1] = Field(description="Format version of this file; currently 1.")
    id: Identifier = Field(description="Short id of the area, e.g. somerset.")
    area: str = Field(min_length=1, max_length=120, description="Name of the area as people know it.")
    contacts: list[Contact] = Field(min_length=1, description="Local contacts for Prevent concerns and training.")
    links: list[Link] = Field(default_factory=list, description="Local guides and pages.")


NATIONAL_CONTACTS = [
    Contact(
        name="Emergency", phone="999", note="For everyone: someone is in immediate danger, or an attack is happening."
    ),
    Contact(
        name="National Prevent advice line (police Prevent teams)",
        phone="0800 011 3764",
        note=(
            "For friends, family and community members worried about someone close to them. Weekdays 9am to 5pm. "
            "Not the route for staff: use your own procedure."
        ),
    ),
    Contact(
        name="Anti-Terrorist Hotline",
        phone="0800 789 321",
        note="For everyone, to report suspicious activity. Not for a worry that someone is being drawn in.",
    ),
    Contact(
        name="ACT Early",
        url="https://actearly.uk",
        note="For friends, family and community members: advice on a worry about someone close to them.",
    ),
    Contact(
        name="Report online terrorist material",
        url="https://www.gov.uk/report-terrorism",
        note="For everyone: report terrorist or extremist material you find online.",
    ),
]
STAFF_ROUTE = (
    "Staff with a concern: start with your DSL or safeguarding lead and your organisation's procedure. "
    "If you can't reach them, contact your local authority Prevent lead."
)
