// restoreRoom over arbitrary listings: random leaf states of the real connection machine, standalone flags,
// peer ids and remembered occupant lists that may name listed or unlisted ids, twice, or more than two.
// Whatever the attachments say, the rebuilt room has at most two occupants, keeps no socket that is gone
// without making it leave, and is usable afterwards: settled and emptied through the real machines, it
// grants two fresh JOINs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type SnapshotFrom, type StateValue, transition } from "xstate";
import { connectionMachine } from "../../machines/connection";
import type { ConnectionEvent, RoomMessage } from "../../machines/connection.types";
import { NO_DEADLINES } from "../../machines/deadlines";
import { type ListedConnection, type RestoredRoom, restoreRoom } from "../../machines/restore";
import { roomMachine } from "../../machines/room";
import type { RoomEvent } from "../../machines/room.types";
import { defined } from "../support/defined";
import { settingsWith } from "../support/machineSettings";
import { leafValues, tagsOf } from "./connectionMachine.support";

const LISTED_IDS = ["c0", "c1", "c2", "c3", "c4"];
const UNLISTED_IDS = ["u0", "u1", "u2"];
const AT = 1_000;

/** Every leaf state of the connection machine, as an attachment would hold it. */
const LEAVES = leafValues(connectionMachine.root);

/** A listed socket and the state value its attachment holds (restore sees only the state's tags). */
type Listed = ListedConnection & { state: StateValue };
const isAccepted = (state: StateValue) => tagsOf(state).has("accepted");

const anyId = fc.constantFrom(...LISTED_IDS, ...UNLISTED_IDS);
const listedConnection: fc.Arbitrary<Listed> = fc
  .record(
    {
      connectionId: fc.constantFrom(...LISTED_IDS),
      state: fc.constantFrom(...LEAVES),
      standalone: fc.boolean(),
      peerId: fc.option(anyId, { nil: null }),
      occupants: fc.array(fc.record({ connectionId: anyId, standalone: fc.boolean() }), { maxLength: 4 }),
    },
    { requiredKeys: ["connectionId", "state", "standalone", "peerId"] },
  )
  .map((c) => ({ ...c, tags: tagsOf(c.state) }));
/** Listed ids are unique: the shell lists each live socket once. */
const listing = fc.uniqueArray(listedConnection, { selector: (c) => c.connectionId, maxLength: LISTED_IDS.length });

const WAITING_LEAF = JSON.stringify({ active: { accepted: { pinged: "waiting" } } });
/** What a real socket can hold: a waiting socket has never been told of a peer, and none names itself. */
const reachableListing = listing.map((listed) =>
  listed.map((c) =>
    JSON.stringify(c.state) === WAITING_LEAF || c.peerId === c.connectionId ? { ...c, peerId: null } : c,
  ),
);

// A tiny router, like src/room/interpreter.ts: what a connection emits goes to the room, what the room
// emits goes to the connection it names (nowhere when that one is gone). Other effects are not executed.
type ConnectionSnapshot = SnapshotFrom<typeof connectionMachine>;
type Work = { room: RoomEvent } | { connectionId: string; event: ConnectionEvent };
interface World {
  room: SnapshotFrom<typeof roomMachine>;
  connections: Map<string, ConnectionSnapshot>;
}

const emitted = (actions: ReadonlyArray<{ type: string; params?: unknown }>) =>
  actions
    .filter((action) => action.type === "xstate.emit")
    .map((action) => (action.params as { event: unknown }).event);

function deliver(world: World, work: Work[]): RoomMessage[] {
  const queue = [...work];
  const toRoomMessages: RoomMessage[] = [];
  for (let next = queue.shift(); next; next = queue.shift()) {
    if ("room" in next) {
      const [room, actions] = transition(roomMachine, world.room, next.room);
      world.room = room;
      for (const { to, ...message } of emitted(actions) as RoomMessage[]) {
        toRoomMessages.push({ to, ...message } as RoomMessage);
        queue.push({ connectionId: to, event: { ...message, at: AT } as ConnectionEvent });
      }
    } else {
      const connection = world.connections.get(next.connectionId);
      if (!connection || connection.status === "done") continue;
      const [snapshot, actions] = transition(connectionMachine, connection, next.event);
      world.connections.set(next.connectionId, snapshot);
      for (const event of emitted(actions)) queue.push({ room: event as RoomEvent });
    }
  }
  return toRoomMessages;
}

/** The room and the connections as the shell has them after a wake-up: discarded sockets are closed and gone. */
function restoredWorld(listed: readonly Listed[], restored: RestoredRoom): World {
  const settings = settingsWith();
  const connections = new Map<string, ConnectionSnapshot>();
  for (const c of listed) {
    if (restored.discard.includes(c.connectionId)) continue;
    const context = {
      connectionId: c.connectionId,
      openedAt: 0,
      registeredAt: null,
      acceptedAt: null,
      roomId: "r",
      routing: "url" as const,
      clientId: c.connectionId,
      standalone: c.standalone,
      ayameClient: null,
      libwebrtc: null,
      peerId: c.peerId,
      settings,
      deadlines: NO_DEADLINES,
      grant: null,
    };
    connections.set(
      c.connectionId,
      connectionMachine.resolveState({ value: c.state as ConnectionSnapshot["value"], context }),
    );
  }
  return { room: roomMachine.resolveState(restored.room), connections };
}

function settled(listed: readonly Listed[]): { restored: RestoredRoom; world: World } {
  const restored = restoreRoom(listed);
  const world = restoredWorld(listed, restored);
  deliver(
    world,
    restored.settle.map((s) =>
      s.to === "room"
        ? { room: s.event }
        : { connectionId: s.connectionId, event: { ...s.event, at: AT } as ConnectionEvent },
    ),
  );
  return { restored, world };
}

const occupantIds = (restored: RestoredRoom) => restored.room.context.occupants.map((o) => o.connectionId);

describe("restoreRoom", { timeout: 60_000 }, () => {
  it("never seats more than two occupants, each once, in the state their number says", () => {
    fc.assert(
      fc.property(listing, (listed) => {
        const { room } = restoreRoom(listed);
        const ids = room.context.occupants.map((o) => o.connectionId);
        expect(ids.length).toBeLessThanOrEqual(2);
        expect(new Set(ids).size).toBe(ids.length);
        expect(room.value).toBe(["empty", "waiting", "paired"][ids.length]);
      }),
    );
  });

  it("seats only listed accepted sockets, or others that are made to leave", () => {
    fc.assert(
      fc.property(listing, (listed) => {
        const restored = restoreRoom(listed);
        const leaving = restored.settle.flatMap((s) =>
          s.to === "room" && s.event.type === "LEAVE" ? [s.event.connectionId] : [],
        );
        for (const id of occupantIds(restored)) {
          const socket = listed.find((c) => c.connectionId === id);
          if (!socket || !isAccepted(socket.state)) expect(leaving, `${id} holds no slot but stays`).toContain(id);
        }
      }),
    );
  });

  it("sends no connection any message but PEER_JOINED: whoever leaves, the room machine decides what the survivor is told", () => {
    fc.assert(
      fc.property(listing, (listed) => {
        for (const settle of restoreRoom(listed).settle) {
          if (settle.to === "connection") expect(settle.event.type).toBe("PEER_JOINED");
        }
      }),
    );
  });

  it("discards only listed sockets, never an occupant, and keeps every accepted socket one way or the other", () => {
    fc.assert(
      fc.property(listing, (listed) => {
        const restored = restoreRoom(listed);
        const occupants = occupantIds(restored);
        for (const id of restored.discard) {
          expect(listed.map((c) => c.connectionId)).toContain(id);
          expect(occupants).not.toContain(id);
        }
        for (const c of listed.filter((c) => isAccepted(c.state))) {
          expect([...occupants, ...restored.discard]).toContain(c.connectionId);
        }
      }),
    );
  });

  it("leaves a reusable room: settled, then every socket closed, it is empty and grants two fresh JOINs", () => {
    fc.assert(
      fc.property(listing, (listed) => {
        const { world } = settled(listed);
        for (const id of world.connections.keys()) {
          deliver(world, [{ connectionId: id, event: { type: "SOCKET_CLOSED", at: AT, code: 1001, reason: "" } }]);
        }
        expect(world.room.value).toBe("empty");
        const first = deliver(world, [{ room: { type: "JOIN", connectionId: "n1", standalone: false } }]);
        const second = deliver(world, [{ room: { type: "JOIN", connectionId: "n2", standalone: false } }]);
        expect(first).toEqual([{ type: "SLOT_GRANTED", to: "n1", isExistUser: false, peerId: null }]);
        expect(second).toEqual([
          { type: "SLOT_GRANTED", to: "n2", isExistUser: true, peerId: "n1" },
          { type: "PEER_JOINED", to: "n1", peerId: "n2" },
        ]);
      }),
    );
  });

  it("settles reachable listings so that the accepted sockets are exactly the occupants, each knowing the other", () => {
    fc.assert(
      fc.property(reachableListing, (listed) => {
        const { world } = settled(listed);
        const occupants = world.room.context.occupants.map((o) => o.connectionId);
        const accepted = [...world.connections].filter(([, snapshot]) => isAccepted(snapshot.value)).map(([id]) => id);
        expect(accepted.sort()).toEqual(occupants.filter((id) => world.connections.has(id)).sort());
        for (const id of accepted) {
          const peer = occupants.find((other) => other !== id) ?? null;
          expect(defined(world.connections.get(id), `${id}'s snapshot`).context.peerId, `${id}'s peer`).toBe(peer);
        }
      }),
    );
  });
});
