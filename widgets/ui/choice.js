// One question's choices: a <fieldset> named by its <legend>, native radios (one Tab stop, arrow keys
// between them) or checkboxes, each with its own <label>. Every text is set as text, never as HTML.
// A change goes to the kernel as a custom message, which is never held back behind an unanswered
// update, so a "Submit answer" click straight after it cannot overtake it (see choice.py).
let groups = 0;

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
    model.send({ event: "choose", value });
  }

  list.addEventListener("change", changed);
  const redraw = ["legend", "hint", "options", "multiple", "inline", "heading"].map((name) => `change:${name}`);
  for (const event of redraw) model.on(event, draw);
  model.on("change:value", check);
  draw();
  return () => {
    for (const event of redraw) model.off(event, draw);
    model.off("change:value", check);
  };
}

export default { render };
