"""Read YAML content files into models; every error names the file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from widgets.content.models import Plan

MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file, printable as `file:line: where: message`."""

    file: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.where}: {self.message}"


class ContentError(Exception):
    """A content file could not be loaded; `problems` says everything that is wrong."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _node_at(root: yaml.Node | None, loc: tuple) -> yaml.Node | None:
    """Walk a composed YAML tree along a pydantic error location, as far as the file goes.

    Parts with no node (a union's tag such as 'single_choice', a missing key) are stepped over.
    """
    node = root
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            child = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is not None:
            node = child
    return node


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in {"single_choice", "multiple_choice", "scale", "short_text", "open_text"}:
            continue
        else:
            out += f".{part}" if out else str(part)
    return out or "(top)"


def _read(path: Path) -> tuple[object, yaml.Node | None]:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ContentError([Problem(name, 0, "(file)", err.strerror or str(err))]) from err
    if len(raw) > MAX_FILE_BYTES:
        raise ContentError([Problem(name, 0, "(file)", f"file is larger than {MAX_FILE_BYTES:,} bytes")])
    try:
        text = raw.decode("utf-8")
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)
    except UnicodeDecodeError as err:
        raise ContentError([Problem(name, 0, "(file)", "file is not UTF-8 text")]) from err
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 0
        raise ContentError([Problem(name, line, "(yaml)", f"{err.problem or err}")]) from err


def load_plan(path: str | Path) -> Plan:
    """Load and validate one plan file, or raise ContentError listing every problem."""
    path = Path(path)
    data, root = _read(path)
    if data is None:
        raise ContentError([Problem(str(path), 1, "(file)", "file is empty")])
    try:
        return Plan.model_validate(data)
    except ValidationError as err:
        problems = []
        for e in err.errors():
            loc = e["loc"] + ("kind",) if e["type"] == "union_tag_invalid" else e["loc"]
            node = _node_at(root, loc)
            line = node.start_mark.line + 1 if node is not None else 1
            problems.append(Problem(str(path), line, _where(loc), e["msg"]))
        raise ContentError(problems) from err


def check_paths(paths: list[Path]) -> tuple[list[Plan], list[Problem]]:
    """Validate every YAML file under the given paths; return what loaded and what did not."""
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(p.rglob("*.y*ml")) if p.is_dir() else [p])
    plans, problems = [], []
    for f in files:
        try:
            plans.append(load_plan(f))
        except ContentError as err:
            problems.extend(err.problems)
    return plans, problems
