// Init script (runs before any page script): wraps window.WebSocket so that every frame, open and close of
// every socket the page (or the SDK inside it) creates is recorded in window.__wsFrames. A failing test
// prints this exchange.
(() => {
  const NativeWebSocket = window.WebSocket;
  const frames = [];
  let socketCount = 0;
  const record = (socket, kind, detail) => frames.push({ socket, kind, at: Math.round(performance.now()), ...detail });
  const text = (data) => (typeof data === "string" ? data : `<binary ${data.byteLength ?? data.size} bytes>`);

  class RecordingWebSocket extends NativeWebSocket {
    #socket;
    constructor(url, protocols) {
      super(url, protocols);
      this.#socket = ++socketCount;
      const socket = this.#socket;
      record(socket, "create", { url: String(url) });
      this.addEventListener("open", () => record(socket, "open", {}));
      this.addEventListener("message", (event) => record(socket, "in", { data: text(event.data) }));
      this.addEventListener("error", () => record(socket, "error", {}));
      this.addEventListener("close", (event) =>
        record(socket, "closed", { code: event.code, reason: event.reason, wasClean: event.wasClean }),
      );
    }
    send(data) {
      record(this.#socket, "out", { data: text(data) });
      super.send(data);
    }
    close(code, reason) {
      record(this.#socket, "close()", { code, reason });
      super.close(code, reason);
    }
  }
  window.WebSocket = RecordingWebSocket;
  window.__wsFrames = frames;
})();
