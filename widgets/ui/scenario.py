"""The scenario player: one participant walks a case at their own pace, one decision at a time.

Each decision is saved at once (the path so far is the response), so the facilitator sees how
the room splits while people are still playing, and a reload picks up where it left off.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from widgets.content.scenario import OUTCOME_LABELS, Case, Node
from widgets.ui.render import esc
from widgets.ui.swap import swap


def node_after(case: Case, path: list) -> Node:
    """Where a path of decisions leads, passing through information steps."""
    node = case.node(case.start)
    for node_id, choice_id in path:
        node = case.node(next(c.next for c in case.node(node_id).choices if c.id == choice_id))
    return node


class ScenarioPlayer(w.VBox):
    """`save(path)` stores the path and returns an error message, or "" when it was saved."""

    def __init__(self, case: Case, saved: list | None, save: Callable[[list], str]):
        self.case = case
        self.save = save
        self.path: list[list[str]] = list(saved or [])
        self.error = w.HTML()  # stays at the top, so a refused choice leaves the choices in place
        super().__init__()
        self.add_class("pw-scenario")
        self.show(node_after(case, self.path))

    def show(self, node: Node, feedback: str = "", focus: bool = False) -> None:
        """Draw a step; `focus` (after a keyboard or tap step) puts focus on its first control, as the
        control that had it has just gone."""
        self.error.value = ""
        parts: list[w.Widget] = []
        if feedback:
            parts.append(w.HTML(feedback))
        html = f'<div class="pw-case-text"><p>{esc(node.text)}</p>'
        if node.reveals:
            facts = "".join(f"<li>{esc(f)}</li>" for f in node.reveals)
            html += f'<p class="pw-label">You find out:</p><ul class="pw-facts">{facts}</ul>'
        if node.is_end:
            html += (
                f'<p class="pw-outcome">Where this leads: <strong>{esc(OUTCOME_LABELS[node.outcome])}</strong></p>'
                f'<div class="pw-explain"><p>{esc(node.debrief)}</p></div>'
            )
        parts.append(w.HTML(html + "</div>"))
        if node.choices:
            parts.append(w.HTML('<p class="pw-label">What would you do?</p>'))
            for choice in node.choices:
                button = w.Button(description=choice.label)
                button.add_class("pw-choice")
                button.on_click(lambda _b, n=node, c=choice: self.choose(n, c.id))
                parts.append(button)
        elif node.next:
            parts.append(self._button("Continue", lambda: self.show(self.case.node(node.next), focus=True)))
        else:
            parts.append(self._button("Play again", self.restart))
        swap(self, [self.error, *parts])
        if focus:
            next(p for p in parts if isinstance(p, w.Button)).focus()

    def _button(self, label: str, then: Callable[[], None]) -> w.Button:
        button = w.Button(description=label)
        button.add_class("pw-primary")
        button.on_click(lambda _b: then())
        return button

    def choose(self, node: Node, choice_id: str) -> None:
        waiting = node_after(self.case, self.path)
        while waiting.next is not None:  # information steps lead on to the next decision
            waiting = self.case.node(waiting.next)
        if waiting.id != node.id:  # a second tap on a step already taken
            return
        problem = self.save([*self.path, [node.id, choice_id]])
        if problem:
            self.error.value = f'<p class="pw-status pw-error">{esc(problem)}</p>'
            return
        self.error.value = ""
        self.path.append([node.id, choice_id])
        choice = next(c for c in node.choices if c.id == choice_id)
        feedback = (
            f'<div class="pw-feedback"><p class="pw-label">You chose: {esc(choice.label)}</p>'
            f"<p>{esc(choice.feedback)}</p></div>"
        )
        after = self.case.node(choice.next)
        go_on = self._button("Continue", lambda: self.show(after, focus=True))
        swap(self, [self.error, w.HTML(feedback), go_on])
        go_on.focus()

    def restart(self) -> None:
        self.path = []
        self.show(self.case.node(self.case.start), focus=True)
