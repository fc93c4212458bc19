from widgets.content.local import LocalArea
from widgets.settings import Settings
from widgets.ui.render import contacts_html, local_area

AREA = """schema_version: 1
id: xshire
area: Xshire
contacts:
  - name: Xshire Prevent team
    email: prevent@xshire.example
links:
  - title: <b>Xshire</b> referral guide
    url: https://xshire.example/guide
"""


def test_national_contacts_always_and_local_when_configured(tmp_path):
    assert "0800 011 3764" in contacts_html(None) and "999" in contacts_html(None)
    path = tmp_path / "xshire.yaml"
    path.write_text(AREA)
    area = local_area(Settings(db="sqlite://", local=str(path)))
    assert isinstance(area, LocalArea)
    html = contacts_html(area)
    assert "In Xshire" in html and 'href="mailto:prevent@xshire.example"' in html
    assert "&lt;b&gt;Xshire&lt;/b&gt; referral guide" in html  # content is escaped too


def test_a_broken_local_file_leaves_the_national_contacts(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(AREA.replace("https://xshire.example/guide", "javascript:alert(1)"))
    assert local_area(Settings(db="sqlite://", local=str(path))) is None
