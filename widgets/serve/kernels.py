"""How our servers manage kernels: a pool of ready participant kernels sized from the room, and
culling that frees every idle kernel in time.

Voilà's preheat (``--preheat_kernel=True --pool_size=N``) keeps N kernels that have already run
the notebook, so a page is served at once instead of after a kernel start. Out of the box it
refills the pool after every use, which would hold 2N kernels once N participants have joined,
and it starts the whole pool at once, which on a small machine makes every kernel slow to become
ready. `RoomSizedPool` changes three things:

- the pool starts at the expected number of participants and, as pages take kernels, shrinks to a
  small spare for reloads and latecomers instead of refilling: ``max(spare, expected - taken)``.
  Counting kernels taken, not kernels in use, means a room leaving at the end does not make the
  next page open refill the pool to a room's worth;
- kernels are started and their notebook run at most ``starting`` at a time (one per core), in the
  order pages will take them, so the first ones are ready soon and later ones do not slow them;
- a kernel handed to a page counts as active from that moment. It may have waited in the pool for
  an hour: without this, the culler could shut it down in the seconds between the page's HTML and
  its websocket (the load test caught exactly that).

The participant notebook does not read the request (the ``?join=`` code comes from the browser
through the BrowserIdentity widget), so a kernel that ran the notebook before the request is the
same as one started for it.

`PromptCulling` (both servers) checks all idle kernels at once rather than one after another, and
stops an idle kernel at once rather than asking it to finish, so freeing seventy-five crashed tabs'
kernels takes about as long as one. It also frees a page's kernel that the page never connected to
(a reload loop, a script fetching the page) after `abandon_seconds`, not the whole idle time: those
kernels count against the participant server's cap (gate.py), which would otherwise stay full.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import sys
from datetime import timedelta

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_server._tz import utcnow
from traitlets import Int, default
from traitlets.config import LoggingConfigurable


def spare_for(expected: int) -> int:
    """Ready kernels kept for reloads and latecomers once the expected room has joined."""
    return 2 + expected // 20


_CULLING = contextvars.ContextVar("culling", default=False)


class PromptCulling(LoggingConfigurable):
    """Mixed in front of Voilà's kernel manager (see `workshop_kernels`)."""

    abandon_seconds = Int(
        60, config=True, help="A page's kernel that no page has connected to is stopped after this idle time."
    )

    # Voilà's __init__ already starts kernels, before an __init__ of ours could run: set up lazily.
    def _ids(self, name: str) -> set[str]:
        return self.__dict__.setdefault(f"_workshop_{name}", set())

    def notify_connect(self, kernel_id):
        self._ids("connected").add(kernel_id)
        return super().notify_connect(kernel_id)

    def kernels_in_use(self) -> int:
        """Kernels that pages hold or are starting: all but the ready ones waiting in the pool and
        those being stopped (a killed kernel stays listed until its shutdown has cleaned up)."""
        free = self._ids("pooled") | self._ids("stopping")
        return sum(1 for kernel_id in list(self._kernels) if kernel_id not in free)

    def _abandoned(self, kernel_id: str) -> bool:
        """Handed to a page (not waiting in the pool) that never connected, and idle since."""
        kernel = self._kernels.get(kernel_id)
        if kernel is None or kernel_id in self._ids("connected") or kernel_id in self._ids("pooled"):
            return False
        last = getattr(kernel, "last_activity", None)
        return last is not None and utcnow() - last > timedelta(seconds=self.abandon_seconds)

    async def cull_kernel_if_idle(self, kernel_id):
        if self._abandoned(kernel_id):
            self.log.warning("Stopping kernel %s: no page connected to it.", kernel_id)
            await self.shutdown_kernel(kernel_id)
            return
        await super().cull_kernel_if_idle(kernel_id)

    async def cull_kernels(self):
        """Check every kernel concurrently: jupyter_server awaits each shutdown before the next."""
        _CULLING.set(True)  # this check's own context, which the shutdowns below inherit
        results = await asyncio.gather(
            *(self.cull_kernel_if_idle(kernel_id) for kernel_id in list(self._kernels)), return_exceptions=True
        )
        for error in (r for r in results if isinstance(r, Exception)):
            self.log.error("Culling a kernel failed: %s", error)

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        """An idle kernel is stopped at once, not asked to finish: a page's state is in the store, and
        seventy-five graceful shutdowns together took long enough to overrun the idle time."""
        if _CULLING.get() and not args:
            kwargs["now"] = True
        self._ids("connected").discard(kernel_id)
        self._ids("pooled").discard(kernel_id)
        self._ids("stopping").add(kernel_id)
        try:
            return await super().shutdown_kernel(kernel_id, *args, **kwargs)
        finally:
            self._ids("stopping").discard(kernel_id)


class RoomSizedPool(PromptCulling):
    """Mixed in front of Voilà's preheating kernel manager (see `workshop_kernels`)."""

    expected = Int(0, config=True, help="Participants expected: the pool starts this large.")
    starting = Int(config=True, help="Kernels started (and notebooks run) at the same time.")
    taken = Int(0, help="Kernels handed to pages so far.")

    @default("starting")
    def _one_per_core(self) -> int:
        return max(1, len(os.sched_getaffinity(0)))

    # Voilà's __init__ already fills the pool, before an __init__ of ours could run: set up lazily.
    @property
    def _gate(self) -> asyncio.Semaphore:
        if "_workshop_gate" not in self.__dict__:
            self.__dict__["_workshop_gate"] = asyncio.Semaphore(self.starting)
        return self.__dict__["_workshop_gate"]

    def pool_target(self) -> int:
        return max(spare_for(self.expected), self.expected - self.taken)

    def fill_if_needed(self, delay=None, notebook_name=None, extra_kernel_env_variables=None, **kwargs):
        config = self.kernel_pools_config.get(notebook_name) or self.kernel_pools_config["default"]
        config["pool_size"] = self.pool_target()
        super().fill_if_needed(delay, notebook_name, extra_kernel_env_variables or {}, **kwargs)

    async def _initialize(self, notebook_path, kernel_id=None, **kwargs):
        """Start the kernel and run the notebook, holding one of the `starting` places throughout."""
        async with self._gate:
            item = await super()._initialize(notebook_path, kernel_id, **kwargs)
            if kernel_id is None:  # a new pool kernel, not a restart: not a page's until taken
                self._ids("pooled").add(item["kernel_id"])
            # Until the notebook has run; a failure stays in the task, for the page's request to report.
            await asyncio.wait({item["task"]})
        if kernel_id is None:  # not a restart
            ready = 1 + sum(1 for pool in self._pools.values() for task in pool if task.done())
            self.log.info("Ready kernels in the pool: %d (pages served from it: %d)", ready, self.taken)
        return item

    async def get_rendered_notebook(self, notebook_name, extra_kernel_env_variables=None, **kwargs):
        self.taken += 1  # before Voilà refills the pool, inside the call
        task, cache, kernel_id = await super().get_rendered_notebook(
            notebook_name, extra_kernel_env_variables or {}, **kwargs
        )
        self._ids("pooled").discard(kernel_id)
        self.get_kernel(kernel_id).last_activity = utcnow()  # in use from now: not idle since it was made
        return task, cache, kernel_id


def workshop_kernels(factory):
    """Wrap Voilà's kernel-manager factory: our culling always, our pool when preheating."""

    def make(base_class, preheat_kernel, default_pool_size, **kwargs):
        cls = factory(base_class, preheat_kernel, default_pool_size, **kwargs)
        mixin = RoomSizedPool if preheat_kernel else PromptCulling
        return type(f"Workshop{cls.__name__}", (mixin, cls), {})

    return make


class PhoneKernelSpecs(KernelSpecManager):
    """The public servers' Python kernel, started through `phone_kernel.py` (no debugger: 8 MiB less in
    each of a room's kernels). Set with --VoilaConfiguration.kernel_spec_manager_class (servers.py)."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        spec = super().get_kernel_spec(kernel_name)
        if spec.language == "python":
            spec.argv = [sys.executable, "-m", "widgets.serve.phone_kernel", "-f", "{connection_file}"]
        return spec
