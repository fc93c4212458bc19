"""The participant's page shows a quiz's options in that person's own order; what is stored and
tallied is the option chosen, so results are the same whatever order anyone saw."""

from widgets.live.order import for_participant
from widgets.ui.choice import ChoiceGroup

QUIZ = 1  # demo plan: "Which statement best describes a Prevent referral?" (correct: support)


def shown(app) -> list[str]:
    """The option keys in the order the page draws them."""
    return [key for _label, key in app.answer.control.options]


def submit(app) -> None:
    """The question's own "Submit answer" (a ChoiceGroup form), as the page presses it without a ballot."""
    assert app.answer.control.submit == "Submit answer"
    app.answer.control.press_submit()


def test_each_person_has_an_order_that_a_reload_keeps(make_participant, service, session):
    service.go_to(session["id"], QUIZ)
    service.open_poll(session["id"])
    current = service.view(session["id"]).current_activity
    written = [o.id for o in current.activity.options]
    orders = {}
    for n in range(12):
        key = f"{n:02d}" + "k" * 22
        app = make_participant(key=key)
        assert isinstance(app.answer.control, ChoiceGroup)
        orders[key] = shown(app)
        assert sorted(orders[key]) == sorted(written)
        theirs = for_participant(current.activity, app.who.participant_id, current.id)
        assert orders[key] == [o.id for o in theirs.options]  # the order live/order.py gives them
        assert shown(make_participant(key=key)) == orders[key]  # the same browser again: a reload
    assert len({tuple(o) for o in orders.values()}) > 1  # people do not all see one order


def test_the_answer_stored_is_the_option_chosen_not_its_place(make_participant, service, session):
    service.go_to(session["id"], QUIZ)
    service.open_poll(session["id"])
    current = service.view(session["id"]).current_activity
    chosen = []
    for n in range(6):
        app = make_participant(key=f"{n:02d}" + "q" * 22)
        app.answer.control.value = shown(app)[0]  # everyone takes the option drawn first for them
        chosen.append(shown(app)[0])
        submit(app)
        assert app.status.tone == "success"
        assert service.my_answer(app.who, current.id) == shown(app)[0]
    results = service.results(service.view(session["id"]).current_activity)
    labels = {o.id: o.label for o in current.activity.options}
    assert [label for label, _n in results.rows] == [o.label for o in current.activity.options]  # written order
    assert dict(results.rows) == {labels[i]: chosen.count(i) for i in labels}


def test_a_scale_keeps_its_order_for_everyone(make_participant, service, session):
    service.open_poll(session["id"])  # demo plan's first activity: the warm-up scale
    for n in range(5):
        app = make_participant(key=f"{n:02d}" + "s" * 22)
        assert shown(app) == ["1", "2", "3", "4", "5"]
