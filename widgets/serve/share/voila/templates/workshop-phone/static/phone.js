// The participant page's whole front end: connect to the page's kernel, learn its widgets, draw
// the notebook's outputs into their places, and free the kernel when the page goes away.
// Its modules by the versioned URLs the server names in the page (cached for good, and never stale):
// a JSON data block, not an import map, which would be an inline script the page's CSP refuses.
const modules = JSON.parse(document.getElementById("pw-modules").textContent);
const [kernelModule, { WidgetManager }, { createView }] = await Promise.all(
  [modules.kernel, modules.manager, modules.views].map((url) => import(url)),
);

const config = JSON.parse(document.getElementById("jupyter-config-data").textContent);
const base = config.baseUrl || "/";
let drawn = false;

function draw() {
  if (drawn) return; // after a reconnection the views are already there and follow their models
  const places = [...document.querySelectorAll("[data-pw-view]")];
  const models = places.map((place) => manager._models[place.dataset.pwView]);
  if (models.some((model) => !model)) return; // not all known yet: the kernel will send them
  drawn = true;
  places.forEach((place, i) => place.replaceWith(createView(manager, models[i]).el));
  // The page's own first paint (question from the server, "Loading…") gives way to the live page.
  for (const early of document.querySelectorAll(".pw-first-paint, .pw-loading")) early.remove();
}

// Nothing from the kernel for a long while (its server gone, a proxy refusing websockets): say so.
const STUCK_MS = 30000;
setTimeout(() => {
  const loading = document.querySelector(".pw-loading");
  if (drawn || !loading) return;
  loading.className = "pw-loading pw-status pw-error"; // still removed if the page comes alive after all
  loading.setAttribute("role", "alert");
  loading.textContent = "The workshop page could not connect. Check your connection, then ";
  const again = loading.appendChild(document.createElement("button"));
  again.type = "button";
  again.className = "jupyter-button pw-primary";
  again.textContent = "Reload the page";
  again.addEventListener("click", () => window.location.reload());
}, STUCK_MS);

const manager = new WidgetManager(base, config.kernelId, draw, kernelModule);
window.jupyterapp = { widgetManager: manager }; // where the tests (and Voilà's lab page) keep it

// Free the kernel when the page goes, as Voilà's own page does (POST /voila/api/shutdown/<id>).
window.addEventListener("pagehide", () => {
  const data = new FormData();
  const xsrf = document.cookie.match("\\b_xsrf=([^;]*)\\b");
  data.append("_xsrf", (xsrf && xsrf[1]) || "");
  navigator.sendBeacon(`${base}voila/api/shutdown/${config.kernelId}`, data);
  manager.close();
});
// Back from the browser's page cache: that kernel is gone, so load the page afresh.
window.addEventListener("pageshow", (event) => { if (event.persisted) window.location.reload(); });
