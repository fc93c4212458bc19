// The participant page's whole front end: connect to the page's kernel, learn its widgets, draw
// the notebook's outputs into their places, and free the kernel when the page goes away.
import { WidgetManager } from "./manager.js";
import { createView } from "./views.js";

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

const manager = new WidgetManager(base, config.kernelId, draw);
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
