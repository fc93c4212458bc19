"""`workshop serve`: two Voilà servers over one store, participant (public) and staff (token).

Nothing is imported here: every phone's kernel starts as `python -m widgets.serve.phone_kernel`,
which runs this file first, and the servers' modules would cost each of those kernels ~8 MiB."""
