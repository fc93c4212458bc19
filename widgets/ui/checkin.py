"""The question on joining: has this person done Prevent awareness training? Those who have not
get a short summary and where to take it; the facilitator sees only how many said what."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from widgets.live import AWARENESS

# The Home Office's Prevent duty training, its awareness course: the address its own course list gives
# for sharing that course ("Prevent duty training: Learn how to support people susceptible to
# radicalisation", …/portal, read from a stored public copy on 2026-12-03). Check it before each run.
TRAINING_URL = "https://www.support-people-susceptible-to-radicalisation.service.gov.uk/portal#awareness-course"
SUMMARY = (
    '<div class="pw-explain"><p>That\'s fine: you can take part in this {what}.</p>'
    "<p>In short: Prevent is part of the UK's counter-terrorism strategy. It aims to tackle the ideas "
    "behind terrorism, to step in early to support people who may be susceptible to radicalisation, "
    "and to help people who have been involved in terrorism to move away from it. Schools, health, "
    "councils and others have a legal duty to play their part.</p>"
    f"<p>This course builds on Prevent awareness training. You can take it free online: "
    f'<a href="{TRAINING_URL}" target="_blank" rel="noopener">'
    "Home Office Prevent duty training: awareness course (GOV.UK)</a>.</p></div>"
)


class AwarenessCheck(w.VBox):
    """`save(answer)` stores yes | no | unsure; `done()` is called when the person can go on."""

    def __init__(self, save: Callable[[str], None], done: Callable[[], None], what: str = "workshop"):
        self.save = save
        self.done = done
        self.what = what  # what they go on to: "workshop", or the self-paced "course"
        buttons = []
        for key, label in AWARENESS.items():
            button = w.Button(description=label)
            button.add_class("pw-secondary")
            button.on_click(lambda _b, key=key: self.answer(key))
            buttons.append(button)
        question = w.HTML('<h2 class="pw-prompt">Have you done Prevent awareness training?</h2>')
        super().__init__([question, w.HBox(buttons)])
        self.add_class("pw-checkin")

    def answer(self, key: str) -> None:
        self.save(key)
        if key == "yes":
            self.done()
            return
        go_on = w.Button(description=f"Continue to the {self.what}")
        go_on.add_class("pw-primary")
        go_on.on_click(lambda _b: self.done())
        self.children = [w.HTML(SUMMARY.replace("{what}", self.what)), go_on]
