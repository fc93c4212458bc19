// Views for the widgets the participant page uses, with the DOM and class names ipywidgets 8 gives
// them (so the kit's CSS and tests find the same things): boxes, HTML, Label, Button, Text,
// Textarea, and anywidget (render({model, el})). Layout models become inline styles.
let ids = 0;
const modules = new Map(); // ESM source -> Promise<widget definition>: one import per distinct source
const styles = new Set(); // CSS sources already in the page

function element(tag, className) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  return el;
}

class View {
  constructor(manager, model) {
    Object.assign(this, { manager, model, cleanups: [] });
    this.el = this.make();
    this.el.classList.add("jupyter-widgets", ...this.classes());
    this.classesNow = [];
    this.render();
    this.watch(["_dom_classes"], () => this.domClasses());
    this.watch(["layout"], () => this.layout());
    this.watch(["tooltip", "description_tooltip"], () => this.tooltip());
    this.listen(model, "msg:custom", (content) => this.custom(content));
  }

  make() { return element("div"); }
  classes() { return []; }
  render() {}
  focusable() { return this.el; }

  listen(model, event, callback) {
    model.on(event, callback);
    this.cleanups.push(() => model.off(event, callback));
  }

  /** Run `draw` now and on every change of these attributes. */
  watch(names, draw) {
    for (const name of names) this.listen(this.model, `change:${name}`, draw);
    draw();
  }

  domClasses() {
    this.el.classList.remove(...this.classesNow);
    this.classesNow = this.model.get("_dom_classes") || [];
    this.el.classList.add(...this.classesNow);
  }

  layout() {
    if (this.unlayout) this.unlayout();
    const layout = this.manager.model(this.model.get("layout"));
    if (!layout) return;
    const draw = () => {
      for (const [name, value] of Object.entries(layout.attributes)) {
        if (name.startsWith("_")) continue;
        const property = name.replace(/_/g, "-");
        if (value === null || value === undefined || value === "") this.el.style.removeProperty(property);
        else this.el.style.setProperty(property, value);
      }
    };
    layout.on("change", draw);
    this.unlayout = () => layout.off("change", draw);
    draw();
  }

  tooltip() {
    const text = this.model.get("tooltip") ?? this.model.get("description_tooltip");
    if (text) this.focusable().title = text;
    else this.focusable().removeAttribute("title");
  }

  custom(content) {
    // The kernel asks for focus on a new step's first control, as the one that had it has gone. If
    // the person has already moved focus on by the time that arrives (Tab on a slow link), theirs stands.
    const free = !document.activeElement || document.activeElement === document.body;
    if (content && content.do === "focus" && free) this.focusable().focus();
    else if (content && content.do === "blur") this.focusable().blur();
  }

  remove() {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    if (this.unlayout) this.unlayout();
    this.el.remove();
  }
}

class BoxView extends View {
  classes() {
    const kind = { VBoxModel: "widget-vbox", HBoxModel: "widget-hbox" }[this.model.name];
    return ["widget-container", "widget-box", ...(kind ? [kind] : [])];
  }

  render() {
    this.views = [];
    this.watch(["children"], () => this.children());
  }

  /** Views that stay in the same place are kept, so a redrawn box keeps its focus (ipywidgets' ViewList). */
  children() {
    const models = (this.model.get("children") || []).map((ref) => this.manager.model(ref)).filter(Boolean);
    let keep = 0;
    while (keep < models.length && keep < this.views.length && this.views[keep].model === models[keep]) keep++;
    for (const view of this.views.splice(keep)) view.remove();
    for (const model of models.slice(keep)) {
      const view = createView(this.manager, model);
      this.views.push(view);
      this.el.appendChild(view.el);
    }
  }

  remove() {
    for (const view of this.views) view.remove();
    super.remove();
  }
}

class HTMLView extends View {
  classes() { return ["widget-inline-hbox", this.model.name === "LabelModel" ? "widget-label-basic" : "widget-html"]; }

  render() {
    const content = element("div", "widget-html-content");
    this.el.appendChild(content);
    // HTML is the kernel's own markup (the kit escapes free text before it gets there), as in ipywidgets.
    this.watch(["value"], () => {
      if (this.model.name === "LabelModel") content.textContent = this.model.get("value");
      else content.innerHTML = this.model.get("value");
    });
  }
}

class ButtonView extends View {
  make() { return element("button"); }
  classes() { return ["jupyter-button", "widget-button"]; }

  render() {
    this.el.type = "button";
    this.el.addEventListener("click", (event) => {
      event.preventDefault();
      this.model.send({ event: "click" });
    });
    this.watch(["description", "disabled", "button_style"], () => {
      this.el.textContent = this.model.get("description");
      this.el.disabled = Boolean(this.model.get("disabled"));
      for (const style of ["primary", "success", "info", "warning", "danger"]) {
        this.el.classList.toggle(`mod-${style}`, this.model.get("button_style") === style);
      }
    });
  }
}

class TextView extends View {
  classes() {
    return ["widget-inline-hbox", this.model.name === "TextareaModel" ? "widget-textarea" : "widget-text"];
  }

  focusable() { return this.input; }

  render() {
    const area = this.model.name === "TextareaModel";
    this.input = element(area ? "textarea" : "input");
    if (!area) this.input.type = this.model.name === "PasswordModel" ? "password" : "text";
    this.input.id = `pw-input-${++ids}`;
    const label = element("label", "widget-label");
    label.htmlFor = this.input.id;
    this.el.append(label, this.input);
    this.watch(["description"], () => {
      label.textContent = this.model.get("description") || "";
      label.hidden = !label.textContent;
    });
    this.watch(["placeholder", "disabled", "rows"], () => {
      this.input.placeholder = this.model.get("placeholder") || "";
      this.input.disabled = Boolean(this.model.get("disabled"));
      if (area && this.model.get("rows")) this.input.rows = this.model.get("rows");
    });
    this.watch(["value"], () => {
      if (this.input.value !== this.model.get("value")) this.input.value = this.model.get("value") ?? "";
    });
    const commit = () => {
      this.model.set("value", this.input.value);
      this.model.save_changes();
    };
    this.input.addEventListener("input", () => { if (this.model.get("continuous_update")) commit(); });
    this.input.addEventListener("change", commit);
    this.input.addEventListener("keydown", (event) => {
      if (!area && event.key === "Enter") this.model.send({ event: "submit" });
    });
  }
}

function definition(source) {
  if (!modules.has(source)) {
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    modules.set(source, import(url).then(async (mod) => {
      URL.revokeObjectURL(url);
      const made = mod.default;
      if (typeof made === "function") return await made();
      return made && (made.render || made.initialize) ? made : mod; // default object, or named exports
    }));
  }
  return modules.get(source);
}

class AnyView extends View {
  render() {
    const css = this.model.get("_css");
    if (css && !styles.has(css)) {
      styles.add(css);
      document.head.appendChild(element("style")).textContent = css;
    }
    const model = this.model;
    definition(model.get("_esm")).then(async (widget) => {
      if (!model.initialized) model.initialized = Promise.resolve(widget.initialize && widget.initialize({ model }));
      await model.initialized;
      if (this.removed || !widget.render) return;
      const cleanup = await widget.render({ model, el: this.el });
      if (typeof cleanup === "function") this.cleanups.push(cleanup);
    }).catch((err) => console.error(`anywidget ${model.get("_anywidget_id")}:`, err));
  }

  remove() {
    this.removed = true;
    super.remove();
  }
}

const VIEWS = {
  VBoxModel: BoxView, HBoxModel: BoxView, BoxModel: BoxView, GridBoxModel: BoxView,
  HTMLModel: HTMLView, HTMLMathModel: HTMLView, LabelModel: HTMLView,
  ButtonModel: ButtonView, TextModel: TextView, TextareaModel: TextView, PasswordModel: TextView,
  AnyModel: AnyView,
};

/** A view of any model; one this page cannot draw is an empty box (the kernel still runs it). */
export function createView(manager, model) {
  const Kind = VIEWS[model.name] || (model.module === "anywidget" ? AnyView : View);
  if (Kind === View) console.warn(`no view for ${model.module} ${model.name}`);
  const view = new Kind(manager, model);
  view.listen(model, "destroy", () => view.remove());
  return view;
}
