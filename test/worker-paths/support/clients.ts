// Test clients of a replay: a WebSocket with what it received, how it was closed, and its `accept`.
import { expect } from "vitest";
import { connect, type Closed, type ConnectOptions, type TestSocket } from "../../support/workerSocket";
import { keepSending, type Stoppable } from "../../worker-timers/timerClient";

export const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export interface Client {
  name: string;
  socket: TestSocket;
  standalone: boolean;
  /** Set when the close event fired (the server's close frame, or the answer to ours). */
  closedWith?: Closed;
  accept?: Record<string, unknown>;
  /** For helpers: pongs that keep the read deadline fresh (and answer pings) while a path runs. */
  keepAlive?: Stoppable;
}

const KEEP_ALIVE_EVERY_MS = 400;

export async function connectClient(roomId: string, name: string, options: ConnectOptions = {}): Promise<Client> {
  const client: Client = { name, socket: await connect(roomId, options), standalone: false };
  void client.socket.closed.then((closed) => (client.closedWith = closed));
  return client;
}

export function framesOf(client: Client): Array<Record<string, unknown>> {
  return client.socket.frames.map((text) => JSON.parse(text) as Record<string, unknown>);
}

export function isPing(frame: Record<string, unknown>): boolean {
  return frame.type === "ping";
}

export function pingCount(client: Client): number {
  return framesOf(client).filter(isPing).length;
}

/** Frames other than pings, as text, after the client's `accept`. */
export function framesAfterAccept(client: Client): string[] {
  const texts = client.socket.frames.filter((text) => !isPing(JSON.parse(text) as Record<string, unknown>));
  const accept = texts.findIndex((text) => (JSON.parse(text) as { type?: unknown }).type === "accept");
  return texts.slice(accept + 1);
}

export async function within<T>(promise: Promise<T>, what: string, ms = 8000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits (polling) until `condition` holds. */
export async function until(condition: () => boolean, what: string, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Registers `name` and waits for the answer; a helper that must be admitted, kept alive from then on. */
export async function registerClient(
  roomId: string,
  name: string,
  standalone: boolean,
  options: ConnectOptions = {},
): Promise<Client> {
  const client = await connectClient(roomId, name, options);
  client.standalone = standalone;
  client.socket.send({ type: "register", roomId, clientId: name, ...(standalone ? { standalone: true } : {}) });
  const answer = await client.socket.next((frame) => frame.type === "accept" || frame.type === "reject");
  if (answer.type === "accept") {
    client.accept = answer;
    client.keepAlive = keepSending(client.socket, { type: "pong" }, KEEP_ALIVE_EVERY_MS);
  }
  return client;
}

export async function admitClient(roomId: string, name: string, standalone: boolean): Promise<Client> {
  const client = await registerClient(roomId, name, standalone);
  expect(client.accept, `${name} is accepted`).toBeDefined();
  return client;
}

/** Closes the client (if the server has not) and waits for the server's answer, i.e. until the server has seen it. */
export async function leave(client: Client, code = 1000, reason = "leaving"): Promise<void> {
  client.keepAlive?.stop();
  if (client.closedWith) return;
  client.socket.close(code, reason);
  await within(client.socket.closed, `the server's answer to ${client.name}'s close`);
}

export function closeQuietly(client: Client | undefined): void {
  if (!client) return;
  client.keepAlive?.stop();
  try {
    client.socket.close(1000, "test over");
  } catch {
    // already closed
  }
}
