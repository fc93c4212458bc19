"""`workshop serve`: two Voilà servers over one store, participant (public) and staff (token)."""

from widgets.serve.servers import ServePlan, build_plan, run_servers

__all__ = ["ServePlan", "build_plan", "run_servers"]
