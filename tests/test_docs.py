"""Every CLI verb, setting and content field is documented where its readers look."""

import argparse
import re
from pathlib import Path

import pytest

from widgets.cli import build_parser
from widgets.content.base import Option
from widgets.content.evaluation import LearningOutcome
from widgets.content.exercises import Statement
from widgets.content.local import Contact, Link, LocalArea
from widgets.content.models import ACTIVITY_MODELS, Plan
from widgets.content.scenario import Case, Choice, Node
from widgets.settings import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"
README = (DOCS.parent / "README.md").read_text()


def verbs(parser: argparse.ArgumentParser, prefix: str = "workshop"):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                has_sub = any(isinstance(a, argparse._SubParsersAction) for a in sub._actions)
                yield from verbs(sub, f"{prefix} {name}") if has_sub else [f"{prefix} {name}"]


def test_every_cli_verb_is_in_the_readme():
    found = list(verbs(build_parser()))
    assert "workshop session new" in found
    for verb in found:
        assert f"`{verb}" in README, f"README does not document {verb}"


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_every_setting_is_documented(name):
    assert f"`WORKSHOP_{name.upper()}`" in (DOCS / "facilitator-guide.md").read_text()


CONTENT_MODELS = [
    Plan,
    Option,
    *ACTIVITY_MODELS,
    LearningOutcome,
    Statement,
    Case,
    Node,
    Choice,
    LocalArea,
    Contact,
    Link,
]


@pytest.mark.parametrize("field", sorted({f for m in CONTENT_MODELS for f in m.model_fields}))
def test_every_content_field_is_in_the_authoring_guide(field):
    assert f"`{field}`" in (DOCS / "authoring.md").read_text()


def test_readme_shows_the_two_commands_and_screenshots():
    assert "make run" in README and "make test" in README
    for image in ["docs/img/facilitator.png", "docs/img/participant-375.png"]:
        assert image in README and (DOCS.parent / image).exists()


DOC_FILES = [DOCS.parent / "README.md", *sorted(DOCS.glob("*.md"))]


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings}


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices.get(name)
    return None


def documented_commands():
    """(file, the command as written, the verb's parser, flags after the verb) for every `workshop …`
    in backticks or in an indented/fenced code line of README.md and docs/."""
    parser = build_parser()
    for path in DOC_FILES:
        text = path.read_text()
        snippets = re.findall(r"`([^`\n]*\bworkshop [^`\n]*)`", text)
        snippets += [line for line in text.splitlines() if re.match(r"\s{4,}.*\bworkshop [a-z]", line)]
        for snippet in snippets:
            words = snippet[snippet.index("workshop ") :].split()[1:]
            verb, flags = parser, []
            for word in words:
                word = word.strip("[]()|,.;:")
                if word.startswith("--"):
                    flags.append(word.split("=")[0])
                elif flags == [] or verb is parser:
                    sub = _subparser(verb, word)
                    if sub is not None:
                        verb, flags = sub, []  # flags before the verb belong to the parser above it
            if verb is not parser:
                yield path.name, snippet, verb, flags


def test_the_docs_name_commands():
    assert sum(1 for _ in documented_commands()) > 20


@pytest.mark.parametrize("where,snippet,verb,flags", list(documented_commands()), ids=lambda v: str(v)[:60])
def test_every_documented_flag_is_one_the_parser_takes(where, snippet, verb, flags):
    unknown = [flag for flag in flags if flag not in _options(verb)]
    assert not unknown, f"{where}: `{snippet}` uses {unknown}, which `{verb.prog}` refuses"
