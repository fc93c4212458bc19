"""Read YAML content files into models; every error names the file, line and field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from widgets.content.local import LocalArea
from widgets.content.models import ACTIVITY_KINDS, Plan
from widgets.content.scenario import Case

MAX_FILE_BYTES = 1_000_000
ID_PATTERN = r"[a-z0-9][a-z0-9_-]{0,63}"  # as base.Identifier


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
        elif part in ACTIVITY_KINDS:
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
    except yaml.YAMLError as err:  # unmarked reader errors, e.g. a NUL byte or other special character
        raise ContentError([Problem(name, 0, "(yaml)", getattr(err, "reason", None) or str(err))]) from err
    except RecursionError as err:
        raise ContentError([Problem(name, 0, "(yaml)", "the file is nested too deeply")]) from err
    except ValueError as err:  # e.g. an integer longer than Python will convert
        raise ContentError([Problem(name, 0, "(yaml)", str(err))]) from err


def _validate(model, path: Path, data, root):
    if data is None:
        raise ContentError([Problem(str(path), 1, "(file)", "file is empty")])
    try:
        return model.model_validate(data)
    except ValidationError as err:
        problems = []
        for e in err.errors():
            loc = e["loc"] + ("kind",) if e["type"] == "union_tag_invalid" else e["loc"]
            node = _node_at(root, loc)
            line = node.start_mark.line + 1 if node is not None else 1
            problems.append(Problem(str(path), line, _where(loc), e["msg"]))
        raise ContentError(problems) from err


def load_case(path: str | Path) -> Case:
    """Load and validate one case scenario file."""
    path = Path(path)
    return _validate(Case, path, *_read(path))


def load_area(content: Path, area_id: str) -> LocalArea:
    """An area's local arrangements by id, from the content folder's local/ files."""
    return load_local(content / "local" / f"{area_id}.yaml")


def cases_folder(plan_path: Path) -> Path:
    """Cases sit beside the plans folder: scenarios/plans/x.yaml uses scenarios/cases/<id>.yaml."""
    return plan_path.resolve().parent.parent / "cases"


def _check_alternatives(path: Path, root, i: int, alternatives) -> list[Problem]:
    """Each case a facilitator may swap in must exist. Its content is checked with the cases
    (`workshop check` loads every case file), not here: every kernel loads its plan, and parsing
    the whole case bank each time would slow every page."""
    problems: list[Problem] = []
    for j, case_id in enumerate(alternatives if isinstance(alternatives, list) else []):
        if not isinstance(case_id, str) or not re.fullmatch(ID_PATTERN, case_id):
            continue  # the model reports a wrong type or a bad id (a path is never followed)
        case_path = cases_folder(path) / f"{case_id}.yaml"
        if not case_path.exists():
            line = _node_at(root, ("activities", i, "alternatives", j)).start_mark.line + 1
            problems.append(Problem(str(path), line, f"activities[{i}].alternatives[{j}]", f"no case file {case_path}"))
    return problems


def load_plan(path: str | Path) -> Plan:
    """Load and validate one plan file, or raise ContentError listing every problem.

    A `scenario` activity names its case (`case: an-id`); the case file is loaded and put in
    its place, so a session keeps the whole case even if the file changes later.
    """
    path = Path(path)
    data, root = _read(path)
    problems: list[Problem] = []
    for i, activity in enumerate((data or {}).get("activities") or [] if isinstance(data, dict) else []):
        if isinstance(activity, dict) and activity.get("kind") == "scenario" and isinstance(activity.get("case"), str):
            case_path = cases_folder(path) / f"{activity['case']}.yaml"
            if not case_path.exists():
                line = _node_at(root, ("activities", i, "case")).start_mark.line + 1
                problems.append(Problem(str(path), line, f"activities[{i}].case", f"no case file {case_path}"))
                continue
            try:
                activity["case"] = load_case(case_path).model_dump(mode="json")
            except ContentError as err:
                problems.extend(err.problems)
            problems.extend(_check_alternatives(path, root, i, activity.get("alternatives")))
    if problems:
        raise ContentError(problems)
    return _validate(Plan, path, data, root)


def load_local(path: str | Path) -> LocalArea:
    """Load and validate one area's local arrangements."""
    path = Path(path)
    return _validate(LocalArea, path, *_read(path))


LOADERS = {"cases": load_case, "local": load_local}  # by folder; anything else is a plan


def check_paths(paths: list[Path]) -> tuple[dict[str, list], list[Problem]]:
    """Validate every YAML file under the given paths, each by the kind its folder says.

    Returns what loaded, by kind ("plans", "cases", "local"), and every problem found.
    """
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(p.rglob("*.y*ml")) if p.is_dir() else [p])
    loaded: dict[str, list] = {"plans": [], "cases": [], "local": []}
    problems: list[Problem] = []
    for f in files:
        kind = f.parent.name if f.parent.name in LOADERS else "plans"
        try:
            loaded[kind].append(LOADERS.get(kind, load_plan)(f))
        except ContentError as err:
            problems.extend(p for p in err.problems if p not in problems)  # a plan re-reports its cases
    return loaded, problems
