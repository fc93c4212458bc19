"""Where the shipped course lives, in one place, so the CLI, the course, the handout and the
case bank agree. The kit runs from its folder (an editable install, as `make setup` makes)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"  # what `workshop check` reads by default
PLANS = SCENARIOS / "plans"
CASES = SCENARIOS / "cases"  # the case bank
LOCAL_AREAS = SCENARIOS / "local"  # a plan's `local:` names a file here
NOTEBOOKS = ROOT / "notebooks"  # what the servers serve
COURSE_DIR = NOTEBOOKS / "course"  # the self-paced course, one notebook per part
DEMO_PLAN = PLANS / "demo.yaml"  # `make run` and `workshop session new`
HANDOUT_PLAN = PLANS / "workshop-60.yaml"  # the handout's and the course's plan
