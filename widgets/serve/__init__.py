"""`workshop serve`: two Voilà servers over one store, participant (public) and staff (token)."""

from widgets.serve.servers import ServeError, ServePlan, build_plan, run_servers

__all__ = ["ServeError", "ServePlan", "build_plan", "run_servers"]
