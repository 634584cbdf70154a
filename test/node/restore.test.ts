// restoreRoom by example: what the live sockets listed after a wake-up add up to (the room machine's state),
// what must happen to settle it (each connection learns its true peer, unlisted occupants leave), and which
// sockets cannot be kept.
import { describe, expect, it } from "vitest";
import { type StateValue, transition } from "xstate";
import { type ListedConnection, type RestoredRoom, restoreRoom } from "../../machines/restore";
import { roomMachine } from "../../machines/room";
import type { Occupant } from "../../machines/room.types";
import { tagsOf } from "./connectionMachine.support";

const WAITING = { active: { accepted: { pinged: "waiting" } } };
const PAIRED = { active: { accepted: { pinged: "paired" } } };
const STANDALONE = { active: { accepted: "standalone" } };

const occupant = (connectionId: string, standalone = false): Occupant => ({ connectionId, standalone });
const listed = (connectionId: string, state: StateValue, fields: Partial<ListedConnection> = {}): ListedConnection => ({
  connectionId,
  tags: tagsOf(state),
  standalone: false,
  peerId: null,
  ...fields,
});

/** What the room machine, rebuilt as restored, tells the connections when the settling LEAVEs reach it. */
function roomSays(restored: RestoredRoom): unknown[] {
  let room = roomMachine.resolveState(restored.room);
  const said: unknown[] = [];
  for (const settle of restored.settle) {
    if (settle.to !== "room") continue;
    const [next, actions] = transition(roomMachine, room, settle.event);
    room = next;
    said.push(
      ...actions.filter((a) => (a.type as string) === "xstate.emit").map((a) => (a.params as { event: unknown }).event),
    );
  }
  return said;
}

describe("restoreRoom", () => {
  it("is an empty room when nothing is listed", () => {
    expect(restoreRoom([])).toEqual({ room: { value: "empty", context: { occupants: [] } }, settle: [], discard: [] });
  });

  it("keeps one waiting socket waiting, with nothing to settle", () => {
    const restored = restoreRoom([listed("a", WAITING, { occupants: [occupant("a")] })]);
    expect(restored).toEqual({
      room: { value: "waiting", context: { occupants: [occupant("a")] } },
      settle: [],
      discard: [],
    });
  });

  it("keeps a pair paired, in the order they arrived, not the order they are listed", () => {
    const remembered = [occupant("a"), occupant("b", true)];
    const restored = restoreRoom([
      listed("b", STANDALONE, { standalone: true, peerId: "a", occupants: remembered }),
      listed("a", PAIRED, { peerId: "b", occupants: remembered }),
    ]);
    expect(restored.room).toEqual({ value: "paired", context: { occupants: remembered } });
    expect(restored.settle).toEqual([]);
  });

  it("puts an occupant whose close woke the object back into the room and makes it leave", () => {
    const restored = restoreRoom([
      listed("a", PAIRED, { peerId: "b", occupants: [occupant("a"), occupant("b", true)] }),
    ]);
    expect(restored.room).toEqual({ value: "paired", context: { occupants: [occupant("a"), occupant("b", true)] } });
    expect(restored.settle).toEqual([{ to: "room", event: { type: "LEAVE", connectionId: "b" } }]);
    expect(restored.discard).toEqual([]);
  });

  it("makes no listed socket that is not accepted an occupant", () => {
    const restored = restoreRoom([
      listed("a", "tearingDown", { occupants: [occupant("a")] }),
      listed("b", { active: "awaitingRegister" }),
      listed("c", { active: "joining" }),
    ]);
    expect(restored).toEqual({ room: { value: "empty", context: { occupants: [] } }, settle: [], discard: [] });
  });

  it("puts a remembered peer that is listed but no longer accepted back, and the room sends the survivor bye", () => {
    const remembered = [occupant("a"), occupant("b")];
    const restored = restoreRoom([
      listed("a", PAIRED, { peerId: "b", occupants: remembered }),
      listed("b", "tearingDown"),
    ]);
    expect(restored.room).toEqual({ value: "paired", context: { occupants: remembered } });
    expect(restored.settle).toEqual([{ to: "room", event: { type: "LEAVE", connectionId: "b" } }]);
    expect(roomSays(restored)).toEqual([{ type: "PEER_LEFT", to: "a", bye: true }]);
  });

  it("leaves bye to the room: a standalone survivor gets none", () => {
    const remembered = [occupant("a", true), occupant("b")];
    const restored = restoreRoom([
      listed("a", STANDALONE, { standalone: true, peerId: "b", occupants: remembered }),
      listed("b", "tearingDown"),
    ]);
    expect(restored.settle).toEqual([{ to: "room", event: { type: "LEAVE", connectionId: "b" } }]);
    expect(roomSays(restored)).toEqual([{ type: "PEER_LEFT", to: "a", bye: false }]);
  });

  // Reachable only when attachments diverge: the object went away between writing the leaver's attachment
  // (tearingDown) and the survivor's (still paired). The remembered occupant says the leaver was standalone:
  // the room machine, told it left, sends no bye (standaloneInvolved), as it would have awake.
  it("seats a standalone leaver as standalone, so that the room sends no bye", () => {
    const remembered = [occupant("a"), occupant("b", true)];
    const restored = restoreRoom([
      listed("a", PAIRED, { peerId: "b", occupants: remembered }),
      listed("b", "tearingDown", { standalone: true }),
    ]);
    expect(restored.room.context.occupants).toEqual(remembered);
    expect(roomSays(restored)).toEqual([{ type: "PEER_LEFT", to: "a", bye: false }]);
  });

  it("does not seat a remembered occupant that is listed but no longer accepted when no socket names it as peer", () => {
    const restored = restoreRoom([
      listed("a", WAITING, { occupants: [occupant("x"), occupant("a")] }),
      listed("x", "tearingDown"),
    ]);
    expect(restored).toEqual({
      room: { value: "waiting", context: { occupants: [occupant("a")] } },
      settle: [],
      discard: [],
    });
  });

  it("puts back a peer that a paired socket's attachment lost, and makes it leave through the room", () => {
    const restored = restoreRoom([listed("a", PAIRED, { peerId: "gone" })]);
    expect(restored.room).toEqual({ value: "paired", context: { occupants: [occupant("a"), occupant("gone")] } });
    expect(restored.settle).toEqual([{ to: "room", event: { type: "LEAVE", connectionId: "gone" } }]);
    expect(roomSays(restored)).toEqual([{ type: "PEER_LEFT", to: "a", bye: true }]);
  });

  it("takes accepted sockets that remember no occupants as occupants, in listing order", () => {
    const restored = restoreRoom([listed("a", STANDALONE, { standalone: true }), listed("b", WAITING)]);
    expect(restored.room.context.occupants).toEqual([occupant("a", true), occupant("b")]);
  });

  it("tells each occupant its true peer when its attachment names another or none", () => {
    const restored = restoreRoom([listed("a", WAITING), listed("b", PAIRED, { peerId: "old" })]);
    expect(restored.settle).toEqual([
      { to: "connection", connectionId: "a", event: { type: "PEER_JOINED", peerId: "b" } },
      { to: "connection", connectionId: "b", event: { type: "PEER_JOINED", peerId: "a" } },
    ]);
  });

  it("settles the connections before the room hears who left", () => {
    const restored = restoreRoom([listed("a", WAITING, { occupants: [occupant("x"), occupant("a")] })]);
    expect(restored.settle).toEqual([
      { to: "connection", connectionId: "a", event: { type: "PEER_JOINED", peerId: "x" } },
      { to: "room", event: { type: "LEAVE", connectionId: "x" } },
    ]);
  });

  it("counts an occupant remembered twice once", () => {
    const remembered = [occupant("a"), occupant("a"), occupant("b")];
    const restored = restoreRoom([
      listed("a", PAIRED, { peerId: "b", occupants: remembered }),
      listed("b", PAIRED, { peerId: "a", occupants: remembered }),
    ]);
    expect(restored.room.context.occupants).toEqual([occupant("a"), occupant("b")]);
    expect(restored.discard).toEqual([]);
  });

  it("discards listed accepted sockets beyond the two slots, never an occupant", () => {
    const restored = restoreRoom([listed("a", WAITING), listed("b", WAITING), listed("c", WAITING)]);
    expect(restored.room.context.occupants.map((o) => o.connectionId)).toEqual(["a", "b"]);
    expect(restored.discard).toEqual(["c"]);
  });

  it("discards only listed sockets: an unlisted occupant beyond the two slots is just forgotten", () => {
    const restored = restoreRoom([
      listed("a", PAIRED, { peerId: "x", occupants: [occupant("a"), occupant("x")] }),
      listed("b", PAIRED, { peerId: "y", occupants: [occupant("b"), occupant("y")] }),
    ]);
    expect(restored.room.context.occupants.map((o) => o.connectionId)).toEqual(["a", "x"]);
    expect(restored.discard).toEqual(["b"]);
    expect(restored.settle).toEqual([{ to: "room", event: { type: "LEAVE", connectionId: "x" } }]);
  });
});
