// The room's shell in Node, for bench:profile: the real interpreter, registry, effects and alarm scheduler
// of one room with two registered, paired sockets, on fake sockets and fake storage (the Workers runtime's
// WebSocketPair and `Response(101)` do not exist in Node). What it leaves out is the runtime's own work:
// delivering the frame, `send`, `serializeAttachment` (stood in for by structuredClone), the alarm write.
import { connectionMachine } from "../machines/connection";
import { connectionSettings, parseConfig } from "../src/config";
import { setLogLevel } from "../src/log";
import { frameEvent } from "../src/protocol/clientFrames";
import { AlarmScheduler } from "../src/room/alarm";
import { ConnectionRegistry } from "../src/room/connectionRegistry";
import { connectionEffects } from "../src/room/effects";
import { Interpreter } from "../src/room/interpreter";
import { connectionSteps as stepsOfConnections, roomSteps as stepsOfRoom } from "../src/stepping/machineSteps";

class FakeSocket {
  private attachment: unknown = null;
  send(_frame: string): void {}
  close(): void {}
  serializeAttachment(value: unknown): void {
    this.attachment = structuredClone(value);
  }
  deserializeAttachment(): unknown {
    return this.attachment;
  }
}

/** No inspector: the room pays one boolean test per step. */
const UNWATCHED = { watched: false, connectionStarted() {}, connectionStepped() {}, roomStepped() {} };

const fakeCtx = {
  storage: { setAlarm: async () => {}, deleteAlarm: async () => {} },
  waitUntil: () => {},
} as unknown as DurableObjectState;

export interface PairedShell {
  ids: [string, string];
  /** One client frame, as RoomRuntime.message hands it on. */
  frame(connectionId: string, text: string, at: number): void;
  /** The alarm at `at`: the deadlines that passed become events. */
  alarm(at: number): void;
}

export function pairedShell(now = 1_700_000_000_000): PairedShell {
  setLogLevel("warn");
  const parsed = parseConfig({});
  if (!parsed.ok) throw new Error(parsed.message);
  const config = parsed.config;
  const settings = connectionSettings(config);
  const connectionSteps = stepsOfConnections(settings);
  const roomSteps = stepsOfRoom();
  const registry = new ConnectionRegistry((state) => connectionMachine.resolveState(state), settings);
  let clock = now;
  const effects = connectionEffects({
    config,
    registry,
    waitUntil: () => {},
    deliver: (connectionId, event) => interpreter.send(connectionId, event),
    now: () => clock,
    metrics: { dataset: () => undefined, version: "" },
  });
  const [room] = roomSteps.initialTransition({ occupants: [] });
  const interpreter: Interpreter = new Interpreter(
    {
      registry,
      alarm: new AlarmScheduler(fakeCtx),
      connectionSteps,
      roomSteps,
      effects,
      observer: UNWATCHED,
      now: () => clock,
    },
    room,
  );
  const ids: [string, string] = ["01J0000000000000000000000A", "01J0000000000000000000000B"];
  for (const connectionId of ids) {
    const [snapshot, actions] = connectionSteps.initialTransition({ connectionId, roomId: "room-1", now, settings });
    interpreter.started(registry.track(new FakeSocket() as unknown as WebSocket, snapshot, []), actions);
    interpreter.send(
      connectionId,
      frameEvent(JSON.stringify({ type: "register", roomId: "room-1" }), config.readLimitBytes, now),
    );
  }
  const paired = ids.every((id) => registry.get(id)?.snapshot.matches({ active: { accepted: { pinged: "paired" } } }));
  if (!paired) throw new Error("the bench room did not pair its two sockets");
  return {
    ids,
    frame(connectionId, text, at) {
      clock = at;
      interpreter.send(connectionId, frameEvent(text, config.readLimitBytes, at));
    },
    alarm(at) {
      clock = at;
      interpreter.deadlinesPassed(at);
    },
  };
}
