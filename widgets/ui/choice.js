// One question's choices: a <fieldset> named by its <legend>, native radios (one Tab stop, arrow keys
// between them) or checkboxes, each with its own <label>. Every text is set as text, never as HTML.
// A change goes to the kernel as a custom message, which is never held back behind an unanswered
// update, so a "Submit answer" click straight after it cannot overtake it (see choice.py).
// As a form (`submit` set), changes stay here until its button is pressed; the answer then goes to
// the participant server with the group's ballot (serve/answers.py), or to the kernel without one.
let groups = 0;
const NOT_SENT = "Your answer was not sent. Check your connection, then press the button again.";

function answerUrl() {
  const config = document.getElementById("jupyter-config-data");
  const base = (config && JSON.parse(config.textContent).baseUrl) || "/";
  return `${base}workshop/answer`;
}

function render({ model, el }) {
  const id = `pw-choice-${++groups}-${Math.random().toString(36).slice(2, 8)}`;
  const fieldset = document.createElement("fieldset");
  fieldset.className = "pw-choice";
  const legend = document.createElement("legend");
  legend.className = "pw-choice-legend";
  const hint = document.createElement("p");
  hint.className = "pw-hint";
  hint.id = `${id}-hint`;
  const list = document.createElement("div");
  list.className = "pw-choice-options";
  fieldset.append(legend, hint, list);
  el.appendChild(fieldset);
  let inputs = [];

  // The form's button (in the page only while `submit` is set). The reply is said in the page's own
  // status line (`announcer`, a StatusMessage), set here in this page only: the kernel took no part.
  const button = document.createElement("button");
  button.type = "button";
  button.className = "jupyter-button pw-primary pw-submit";
  let sending = false;
  let again = false; // pressed again while an answer was on its way: send the latest once it is back

  async function say(text, tone) {
    const ref = model.get("announcer");
    if (!ref) return;
    const status = await model.widget_manager.get_model(String(ref).replace(/^IPY_MODEL_/, ""));
    status.set({ text, tone });
  }

  function drawForm() {
    button.textContent = model.get("submit");
    if (model.get("submit")) el.append(button);
    else button.remove();
  }

  // The chosen options' values as the server stores them (a scale's are numbers), from their keys.
  function stored(value) {
    const keys = model.get("options").map((option) => option[1]);
    const of = (key) => model.get("values")[keys.indexOf(key)];
    return Array.isArray(value) ? value.map(of) : value == null ? null : of(value);
  }

  async function send() {
    const value = model.get("value");
    if (!model.get("ballot")) {
      model.send({ event: "submit", value, activity: model.get("activity") });
      return;
    }
    if (sending) {
      again = true; // one answer in flight at a time; the latest choice follows it
      return;
    }
    sending = true;
    say("", "info"); // cleared first, so the same message said again is announced again
    try {
      const response = await fetch(answerUrl(), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ ballot: model.get("ballot"), activity: model.get("activity"), value: stored(value) }),
        credentials: "same-origin",
      });
      const reply = await response.json();
      say(reply.message, reply.saved ? "success" : "error");
    } catch {
      say(NOT_SENT, "error");
    } finally {
      sending = false;
      if (again) {
        again = false;
        send();
      }
    }
  }
  button.addEventListener("click", send);

  function draw() {
    const level = model.get("heading");
    if (level >= 1 && level <= 6) {
      const heading = document.createElement(`h${level}`);
      heading.className = "pw-prompt";
      heading.textContent = model.get("legend");
      legend.replaceChildren(heading);
    } else {
      legend.textContent = model.get("legend");
    }
    hint.textContent = model.get("hint");
    hint.hidden = !model.get("hint");
    if (hint.hidden) fieldset.removeAttribute("aria-describedby");
    else fieldset.setAttribute("aria-describedby", hint.id);

    const type = model.get("multiple") ? "checkbox" : "radio";
    list.classList.toggle("pw-choice-inline", model.get("inline"));
    const items = model.get("options").map(([label, key], i) => {
      const input = document.createElement("input");
      input.type = type;
      input.name = id; // one name: the radios are one group for the keyboard
      input.id = `${id}-${i}`;
      input.value = key;
      const text = document.createElement("label");
      text.htmlFor = input.id;
      text.textContent = label;
      const item = document.createElement("div");
      item.className = "pw-choice-item";
      item.append(input, text);
      return item;
    });
    list.replaceChildren(...items);
    inputs = items.map((item) => item.firstChild);
    check();
  }

  function check() {
    const value = model.get("value");
    const chosen = new Set(Array.isArray(value) ? value : value == null ? [] : [value]);
    for (const input of inputs) input.checked = chosen.has(input.value);
  }

  function changed() {
    const keys = inputs.filter((input) => input.checked).map((input) => input.value);
    const value = model.get("multiple") ? keys : keys.length ? keys[0] : null;
    model.set("value", value); // this page's copy; the kernel takes it from the message
    if (!model.get("submit")) model.send({ event: "choose", value }); // a form sends it with the answer
  }

  list.addEventListener("change", changed);
  const redraw = ["legend", "hint", "options", "multiple", "inline", "heading"].map((name) => `change:${name}`);
  for (const event of redraw) model.on(event, draw);
  model.on("change:value", check);
  model.on("change:submit", drawForm);
  draw();
  drawForm();
  return () => {
    for (const event of redraw) model.off(event, draw);
    model.off("change:submit", drawForm);
    model.off("change:value", check);
    button.removeEventListener("click", send);
  };
}

export default { render };
