"""The certificate is made in the browser: the kernel sends the details and hears only a count."""

from widgets.ui.certificate import OUTCOMES, Certificate


def find(widget, cls):
    found = [widget] if isinstance(widget, cls) else []
    for child in getattr(widget, "children", ()):
        found += find(child, cls)
    return found


def test_no_trait_can_carry_a_name():
    synced = set(Certificate().keys)
    assert not {t for t in synced if "name" in t.lower() and not t.startswith("_")}  # _model_name is the class
    assert {"course", "date", "duration", "outcomes", "area", "organisation"} <= synced
    assert len(OUTCOMES) == 4


def test_ending_the_session_offers_certificates_and_counts_them(console, make_participant, service, session):
    app = make_participant()
    b = console.buttons
    b["End session"].click()
    assert console.confirm.layout.display is None  # asks first
    b["Cancel"].click()
    assert console.confirm.layout.display == "none" and service.view(session["id"]).status == "running"
    b["End session"].click()
    b["Yes, end the session"].click()
    assert service.view(session["id"]).status == "ended"

    app.refresh()
    [cert] = find(app.activity_box, Certificate)
    assert cert.course == "Prevent Referrals – demo workshop" and cert.duration == "about 16 minutes"
    assert cert.organisation == "Example Safeguarding Partnership"
    cert._message(cert, {"type": "downloaded"}, [])
    cert._message(cert, {"type": "something else", "name": "Alice"}, [])
    assert service.certificates(session["id"]) == 1
    console.refresh()
    assert "Certificates downloaded: 1" in console.status.text
    assert all(button.disabled for name, button in b.items() if name not in {"End session", "Cancel"})
