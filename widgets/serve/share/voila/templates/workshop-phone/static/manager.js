// A minimal Jupyter widget manager: the widget protocol (2.1) over one kernel connection, with
// models shaped like ipywidgets' where the page and its tests look (get/set/save_changes/send/on/off,
// `_pending_msgs`, `_msg_buffer`) and anywidget's model API on the same object.
// No static import of kernel.js: the page imports every module by its versioned URL (phone.js), and a
// static "./kernel.js" here would be fetched unversioned, so the page hands the kernel module in.

const WIDGET = "jupyter.widget";
const CONTROL = "jupyter.widget.control";
export const REF = "IPY_MODEL_";

// Put binary buffers back where the kernel took them out of the state (ipywidgets' put_buffers).
function putBuffers(state, paths = [], buffers = []) {
  paths.forEach((path, i) => {
    let obj = state;
    for (const key of path.slice(0, -1)) obj = obj[key];
    obj[path[path.length - 1]] = buffers[i];
  });
  return state;
}

const same = (a, b) => a === b || JSON.stringify(a) === JSON.stringify(b);

export class Model {
  constructor(manager, id, name, module, state) {
    Object.assign(this, { widget_manager: manager, model_id: id, name, module });
    this.attributes = { ...state };
    this.listeners = new Map(); // event -> [[callback, context]]
    this.dirty = new Set();
    this.expectedEcho = new Map(); // attribute -> msg id of the update we sent last
    this._pending_msgs = 0; // sent and not yet finished by the kernel (what tests wait on)
    this._msg_buffer = null; // nothing is ever held back here: one socket keeps messages in order
  }

  get(key) {
    return this.attributes[key];
  }

  set(key, value) {
    const changes = typeof key === "object" ? key : { [key]: value };
    for (const [name, next] of Object.entries(changes)) this.dirty.add(name);
    this.apply(changes);
  }

  /** Kernel or page changes: stored, then `change:<name>` per changed attribute and one `change`. */
  apply(changes) {
    const changed = Object.keys(changes).filter((name) => !same(this.attributes[name], changes[name]));
    for (const name of changed) this.attributes[name] = changes[name];
    for (const name of changed) this.trigger(`change:${name}`, this, this.attributes[name]);
    if (changed.length) this.trigger("change", this);
  }

  save_changes() {
    if (!this.dirty.size) return;
    const state = {};
    for (const name of this.dirty) state[name] = this.attributes[name];
    this.dirty.clear();
    const msgId = this.comm("update", { state, buffer_paths: [] });
    for (const name of Object.keys(state)) this.expectedEcho.set(name, msgId);
  }

  /** A custom message (a button's click, anywidget's model.send). */
  send(content, _callbacks, buffers = []) {
    this.comm("custom", { content }, buffers);
  }

  comm(method, data, buffers = []) {
    return this.widget_manager.commMsg(this, { method, ...data }, buffers);
  }

  on(events, callback, context) {
    for (const event of events.split(/\s+/)) {
      if (!this.listeners.has(event)) this.listeners.set(event, []);
      this.listeners.get(event).push([callback, context]);
    }
  }

  off(events, callback) {
    for (const event of events ? events.split(/\s+/) : [...this.listeners.keys()]) {
      const kept = (this.listeners.get(event) || []).filter(([cb]) => callback && cb !== callback);
      this.listeners.set(event, kept);
    }
  }

  trigger(event, ...args) {
    for (const [callback, context] of [...(this.listeners.get(event) || [])]) {
      try {
        callback.apply(context, args);
      } catch (err) {
        console.error(`widget ${this.name} ${event}:`, err);
      }
    }
  }

  /** A message from the kernel on this model's comm. */
  receive(data, msg) {
    if (data.method === "custom") {
      this.trigger("msg:custom", data.content, msg.buffers || []);
      return;
    }
    if (data.method !== "update" && data.method !== "echo_update") return;
    const state = putBuffers({ ...data.state }, data.buffer_paths, msg.buffers);
    if (data.method === "echo_update") {
      // Our own change coming back: drop echoes older than the last update we sent for that attribute.
      for (const name of Object.keys(state)) {
        if (!this.expectedEcho.has(name)) continue;
        if (this.expectedEcho.get(name) !== msg.parent_header.msg_id) delete state[name];
        else this.expectedEcho.delete(name);
      }
    }
    this.apply(state);
  }
}

export class WidgetManager {
  /** `ready()` runs once every model the kernel has is known; after a reconnection, states are refreshed.
   *  `kernelModule` is kernel.js: { KernelConnection, uuid }. */
  constructor(baseUrl, kernelId, ready, kernelModule) {
    const { KernelConnection, uuid } = kernelModule;
    this.uuid = uuid;
    this._models = {}; // id -> Model (a11y tests read this through window.jupyterapp.widgetManager)
    this.pending = new Map(); // msg id -> model whose message the kernel has not finished
    this.controlId = null;
    this.ready = ready;
    this.kernel = new KernelConnection(baseUrl, kernelId, {
      onMessage: (msg) => this.handle(msg),
      onOpen: () => this.requestStates(),
    });
  }

  /** One round trip for every model's state (ipywidgets 8's control comm). */
  requestStates() {
    this.controlId = this.uuid();
    const data = { method: "request_states" };
    this.kernel.send("comm_open", { comm_id: this.controlId, target_name: CONTROL, data: {} }, { metadata: { version: "1.0.0" } });
    this.kernel.send("comm_msg", { comm_id: this.controlId, data });
  }

  get_model(id) {
    const model = this._models[id];
    return model ? Promise.resolve(model) : Promise.reject(new Error(`no widget model ${id}`));
  }

  model(ref) {
    return typeof ref === "string" && ref.startsWith(REF) ? this._models[ref.slice(REF.length)] : undefined;
  }

  commMsg(model, data, buffers) {
    const msgId = this.kernel.send("comm_msg", { comm_id: model.model_id, data }, { buffers });
    model._pending_msgs++;
    this.pending.set(msgId, model);
    return msgId;
  }

  create(id, name, module, state, buffers) {
    const model = new Model(this, id, name, module, state);
    this._models[id] = model;
    return model;
  }

  handle(msg) {
    const { msg_type: type } = msg.header;
    const content = msg.content || {};
    if (type === "status" && content.execution_state === "idle") {
      const model = this.pending.get(msg.parent_header.msg_id);
      if (model) {
        this.pending.delete(msg.parent_header.msg_id);
        model._pending_msgs = Math.max(0, model._pending_msgs - 1);
      }
    } else if (type === "comm_open" && content.target_name === WIDGET) {
      const { state, buffer_paths: paths } = content.data;
      const full = putBuffers({ ...state }, paths, msg.buffers);
      this.create(content.comm_id, full._model_name, full._model_module, full);
    } else if (type === "comm_msg" && content.comm_id === this.controlId) {
      this.loadStates(content.data, msg.buffers);
    } else if (type === "comm_msg") {
      const model = this._models[content.comm_id];
      if (model) model.receive(content.data, msg);
    } else if (type === "comm_close") {
      const model = this._models[content.comm_id];
      if (model) {
        delete this._models[content.comm_id];
        model.trigger("destroy", model);
      }
    }
  }

  loadStates(data, buffers) {
    if (data.method !== "update_states") return;
    const states = putBuffers(data.states, data.buffer_paths, buffers);
    for (const [id, { model_name: name, model_module: module, state }] of Object.entries(states)) {
      if (this._models[id]) this._models[id].apply(state);
      else this.create(id, name, module, state);
    }
    this.ready();
  }

  close() {
    this.kernel.close();
  }
}
