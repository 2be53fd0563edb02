// The latency bench's baseline: a minimal one-object-per-room chat, as a
// site might write one by hand (see `tests/src/bin/latency.rs`). One
// Durable Object per room, WebSocket hibernation; a text frame is kept (one
// row in the room's SQLite, as a chat that keeps its history must) and sent
// to every other socket in the room. No auth, no protocol, no
// acknowledgement, no assignment: the least a chat that keeps its messages
// can do, so the ratio to it is what the rest costs.
import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  async fetch(request) {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  webSocketMessage(ws, message) {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY, text TEXT NOT NULL)");
    sql.exec("INSERT INTO messages (text) VALUES (?)", String(message));
    for (const other of this.ctx.getWebSockets()) {
      if (other !== ws) other.send(message);
    }
  }

  webSocketClose(ws, code) {
    ws.close(code, "bye");
  }
}

export default {
  async fetch(request, env) {
    const room = new URL(request.url).pathname.split("/")[2];
    if (!room || request.headers.get("Upgrade") !== "websocket") {
      return new Response("GET /room/<name> with a WebSocket upgrade", { status: 200 });
    }
    return env.ROOMS.get(env.ROOMS.idFromName(room)).fetch(request);
  }
};
