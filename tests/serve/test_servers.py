"""What each Voilà server is told: read from the argument lists that `workshop serve` runs."""

import re
from pathlib import Path

from widgets.serve.servers import CHARTS, EXTENSIONS, PARTICIPANT_TEMPLATE, SHARE, TOKEN_VARIABLE, build_plan


def make_plan(**over):
    return build_plan(Path("/nb"), "sqlite:////tmp/w.db", 8866, 8867, public_host="10.0.0.5", **over)


def test_participant_server_serves_one_notebook_and_nothing_else():
    argv = make_plan().participant_argv()
    assert argv[3] == "/nb/participant.ipynb"  # single-notebook mode: no tree, no other notebooks
    assert "--VoilaConfiguration.file_allowlist=[]" in argv
    assert "--VoilaConfiguration.allow_template_override=NO" in argv
    assert "--VoilaConfiguration.allow_theme_override=NO" in argv
    assert "--Voila.ip=0.0.0.0" in argv
    assert not any(a.startswith("--token") for a in argv)


def test_staff_server_needs_the_token_and_stays_local():
    plan = make_plan()
    argv = plan.staff_argv()
    assert len(plan.token) >= 32
    assert not any(plan.token in a for a in argv)  # argv is visible to every user through ps
    assert "--Voila.ip=127.0.0.1" in argv
    assert not any("disable_check_xsrf" in a for a in argv)
    assert plan.staff_url.endswith(f"?token={plan.token}")


def test_tokens_are_random_unless_configured():
    assert make_plan().token != make_plan().token
    assert make_plan(token="chosen-by-the-facilitator").token == "chosen-by-the-facilitator"


def test_both_servers_cull_idle_kernels_and_load_only_needed_extensions():
    plan = make_plan(idle_minutes=5)
    for argv in (plan.participant_argv(), plan.staff_argv()):
        # Checked every 30 s for kernels idle over 270 s: each is gone within the 5 minutes.
        assert "--MappingKernelManager.cull_idle_timeout=270" in argv
        assert "--MappingKernelManager.cull_interval=30" in argv

    def extensions(argv):
        return [a.split("=", 1)[1] for a in argv if "extension_allowlist" in a]

    assert extensions(plan.participant_argv()) == EXTENSIONS  # phones never load the chart library
    assert extensions(plan.staff_argv()) == [*EXTENSIONS, CHARTS]


def test_kernels_get_the_store_and_the_template():
    plan = make_plan()
    assert plan.env["WORKSHOP_DB"] == "sqlite:////tmp/w.db"
    assert plan.env["WORKSHOP_PARTICIPANT_URL"] == "http://10.0.0.5:8866"
    assert plan.env["JUPYTER_PATH"].split(":")[0] == str(SHARE)
    assert (SHARE / "voila/templates/workshop/index.html.j2").exists()


def test_template_links_nothing_external():
    folder = SHARE / "voila/templates/workshop"
    template = re.sub(r"{#.*?#}", "", (folder / "index.html.j2").read_text(), flags=re.S)
    assert "//" not in template and "//" not in (folder / "workshop.css").read_text()
    assert "block notebook_css" in template  # the block that carried the Font Awesome CDN links
    assert "block html_head_js_mermaidjs" in template  # the block that carried the mermaid CDN


def test_course_server_serves_the_course_folder_publicly():
    plan = make_plan()
    argv = plan.course_argv(8868)
    assert argv[3] == "/nb/course" and "--port=8868" in argv and "--Voila.ip=0.0.0.0" in argv
    assert "--VoilaConfiguration.allow_template_override=NO" in argv
    assert not any("token" in a for a in argv)


def test_live_servers_hand_the_token_to_the_staff_server_only():
    participant, staff = make_plan(token="t" * 32).live_servers()
    assert participant.env == {} and staff.env[TOKEN_VARIABLE] == "t" * 32


def test_phones_get_the_lean_page_and_staff_pages_choose_theirs_only_in_the_notebook():
    plan = make_plan()
    participant, staff = plan.participant_argv(), plan.staff_argv()
    assert f"--template={PARTICIPANT_TEMPLATE}" in participant
    assert "--VoilaConfiguration.allow_template_override=NO" in participant
    assert "--template=workshop" in staff
    assert "--VoilaConfiguration.allow_template_override=NOTEBOOK" in staff  # not from the URL
    assert (SHARE / f"voila/templates/{PARTICIPANT_TEMPLATE}/index.html.j2").exists()


def test_lean_template_keeps_the_first_paint_marker_and_links_nothing_external():
    folder = SHARE / "voila/templates/workshop-phone"
    template = (folder / "index.html.j2").read_text()
    assert re.search(r'<main class="pw-page">\n<!-- pw-first-paint -->', template)
    assert '{% include "noscript.html" %}' in template  # the one message without JavaScript, both templates
    assert "<noscript>" in (SHARE / "voila/templates/workshop/noscript.html").read_text()
    code = re.sub(r"{#.*?#}", "", template, flags=re.S)
    for text in [code, (folder / "phone.css").read_text(), *(f.read_text() for f in (folder / "static").glob("*.js"))]:
        assert not re.search(r"(https?:)?//[a-z]", text.replace("${scheme}//", "")), "a link to another host"
