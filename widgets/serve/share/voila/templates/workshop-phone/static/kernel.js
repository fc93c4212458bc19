// The kernel websocket Voilà exposes (/api/kernels/<id>/channels), in jupyter_server's plain JSON
// format (no subprotocol): one text frame per message, or a binary frame when it carries buffers.
// Messages sent while the socket is down wait for it; it reconnects by itself with the same
// session id, so the server replays what the kernel said meanwhile.

const PROTOCOL = "5.3";
const MAX_WAITING = 200; // messages held while offline; a phone asleep for hours sends no more than this

export function uuid() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// jupyter_server's binary frame: [n][offset 0..n-1] as big-endian uint32, then n parts; part 0 is the JSON.
export function decodeFrame(data) {
  if (typeof data === "string") return JSON.parse(data);
  const view = new DataView(data);
  const n = view.getUint32(0);
  const offsets = Array.from({ length: n }, (_, i) => view.getUint32(4 * (i + 1)));
  const parts = offsets.map((start, i) => data.slice(start, i + 1 < n ? offsets[i + 1] : data.byteLength));
  const msg = JSON.parse(new TextDecoder().decode(parts[0]));
  msg.buffers = parts.slice(1).map((b) => new DataView(b));
  return msg;
}

export function encodeFrame(msg) {
  const { buffers = [], ...rest } = msg;
  if (!buffers.length) return JSON.stringify(rest);
  const parts = [new TextEncoder().encode(JSON.stringify(rest)), ...buffers.map((b) => new Uint8Array(b.buffer || b))];
  const head = 4 * (parts.length + 1);
  const out = new Uint8Array(head + parts.reduce((sum, p) => sum + p.byteLength, 0));
  const view = new DataView(out.buffer);
  view.setUint32(0, parts.length);
  let at = head;
  parts.forEach((part, i) => {
    view.setUint32(4 * (i + 1), at);
    out.set(part, at);
    at += part.byteLength;
  });
  return out.buffer;
}

export class KernelConnection {
  /** `onMessage(msg)` gets every message; `onOpen(again)` runs on each (re)connection. */
  constructor(baseUrl, kernelId, { onMessage, onOpen }) {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    this.session = uuid();
    // A staff page opened with ?token= passes it on, as Voilà's own page does (a phone's page has none).
    const token = new URLSearchParams(window.location.search).get("token");
    const auth = token ? `&token=${encodeURIComponent(token)}` : "";
    this.url = `${scheme}//${window.location.host}${baseUrl}api/kernels/${kernelId}/channels?session_id=${this.session}${auth}`;
    this.onMessage = onMessage;
    this.onOpen = onOpen;
    this.waiting = [];
    this.opened = 0;
    this.delay = 500;
    this.closing = false;
    this.connect();
  }

  connect() {
    const ws = new WebSocket(this.url);
    ws.binaryType = "arraybuffer";
    ws.onopen = () => {
      this.delay = 500;
      const again = this.opened++ > 0;
      for (const frame of this.waiting.splice(0)) ws.send(frame);
      this.onOpen(again);
    };
    ws.onmessage = (event) => this.onMessage(decodeFrame(event.data));
    ws.onclose = () => {
      if (this.closing) return;
      // Dropped (wifi blip, proxy restart, server restart): try again, backing off to 10 s.
      setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(10000, this.delay * 2);
    };
    this.ws = ws;
  }

  /** Sends a shell message and returns its id (replies and the kernel's idle status carry it as parent). */
  send(msgType, content, { metadata = {}, buffers = [] } = {}) {
    const msgId = uuid();
    const header = {
      msg_id: msgId, msg_type: msgType, session: this.session, username: "", date: new Date().toISOString(),
      version: PROTOCOL,
    };
    const frame = encodeFrame({ header, parent_header: {}, metadata, content, buffers, channel: "shell" });
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
    else if (this.waiting.length < MAX_WAITING) this.waiting.push(frame);
    return msgId;
  }

  close() {
    this.closing = true;
    this.ws.close();
  }
}
