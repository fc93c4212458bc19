// Keeps a random, pseudonymous participant key in this browser so a reload is the same person.
// Also passes the ?join= code to the kernel and remembers a code typed into the join box.
const KEY = "prevent-workshop-participant";
const JOIN = "prevent-workshop-join";

function newKey() {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes); // works on plain http too, unlike crypto.randomUUID
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
}

function stored(name) {
  try { return localStorage.getItem(name); } catch (e) { return null; }
}

function store(name, value) {
  try { localStorage.setItem(name, value); } catch (e) { /* private mode: this visit only */ }
}

function render({ model, el }) {
  let key = stored(KEY);
  if (!key || !/^[A-Za-z0-9_-]{16,64}$/.test(key)) {
    key = newKey();
    store(KEY, key);
  }
  const fromUrl = new URLSearchParams(window.location.search).get("join");
  model.set("join", (fromUrl || stored(JOIN) || "").slice(0, 40));
  model.set("key", key);
  model.save_changes();

  model.on("change:joined", () => {
    const code = model.get("joined");
    if (!code) return;
    store(JOIN, code);
    const url = new URL(window.location.href);
    url.searchParams.set("join", code);
    window.history.replaceState(null, "", url); // a reload now rejoins the same workshop
  });
  el.hidden = true;
  watchConnection(model);
  dropFirstPaint();
}

// The server's copy of the question (the first paint, shown before any script ran) goes once the
// live app has drawn its own: the activity, the question on joining, or a refusal. The same test as
// the CSS that hides it (workshop.css), so the page never holds the question twice.
const FIRST_PAINT_GONE = ".pw-activity > *, .pw-checkin, .pw-app .pw-error";

function dropFirstPaint() {
  const drop = () => {
    if (!document.querySelector(FIRST_PAINT_GONE)) return false;
    document.querySelectorAll(".pw-first-paint").forEach((e) => e.remove());
    return true;
  };
  if (!document.querySelector(".pw-first-paint") || drop()) return;
  const watch = new MutationObserver(() => drop() && watch.disconnect());
  watch.observe(document.body, { childList: true, subtree: true });
}

// If the kernel stops answering (server restarted, kernel killed, phone asleep too long), say so
// plainly and offer a reload: the browser keeps the key and the code, so nothing is lost.
const PING_MS = 10000;
const LOST_MS = 25000;

function watchConnection(model) {
  let lastPong = Date.now();
  let banner = null;
  model.on("msg:custom", (msg) => {
    if (msg && msg.type === "pong") {
      lastPong = Date.now();
      if (banner) { banner.remove(); banner = null; }
    }
  });
  const timer = setInterval(() => {
    try { model.send({ type: "ping" }); } catch (e) { /* closed: the check below reports it */ }
    if (Date.now() - lastPong > LOST_MS && !banner) banner = showLost();
  }, PING_MS);
  return () => clearInterval(timer);
}

function showLost() {
  const box = document.createElement("div");
  box.className = "pw-lost";
  box.setAttribute("role", "alert");
  const text = document.createElement("p");
  text.textContent = "The connection to the workshop was lost. Your answers are saved.";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Reload the page";
  button.addEventListener("click", () => window.location.reload());
  box.append(text, button);
  document.body.appendChild(box);
  button.focus();
  return box;
}

export default { render };
