import pytest

from testkit.store_server import remote_service, store_server
from widgets.settings import Settings
from widgets.ui.console import FacilitatorConsole
from widgets.ui.participant import ParticipantApp


@pytest.fixture
def settings(db_url):
    return Settings(db=db_url, participant_url="http://room.example:8866", answer_interval=0)


@pytest.fixture
def console(service, session, settings):
    return FacilitatorConsole(service, session["id"], settings)


@pytest.fixture(params=["own store", "server's store"])
def phone_service(request, service):
    """The service a phone's page uses: on the store itself (a notebook run in Jupyter), or as in a
    participant server's kernel, on that server's store through its routes (live/remote.py)."""
    if request.param == "own store":
        yield service
        return
    with store_server(service) as url:
        remote = remote_service(url)
        yield remote
        remote.store.close()


@pytest.fixture
def make_participant(phone_service, session, settings):
    """A participant page whose browser reported `key` and maybe a ?join= code."""

    def make(key="p" * 24, join=None):
        app = ParticipantApp(phone_service, settings)
        app.identity.join = session["code"] if join is None else join
        app.identity.key = key
        return app

    return make
