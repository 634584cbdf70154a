// restoreRoom by example: what the live sockets listed after a wake-up add up to (the room machine's state),
// what must happen to settle it (each connection learns its true peer, unlisted occupants leave), and which
// sockets cannot be kept.
import { describe, expect, it } from "vitest";
import { isAccepted, restoreRoom, type ListedConnection } from "../../machines/restore";
import type { Occupant } from "../../machines/room.types";

const WAITING = { active: { accepted: { pinged: "waiting" } } };
const PAIRED = { active: { accepted: { pinged: "paired" } } };
const STANDALONE = { active: { accepted: "standalone" } };

const occupant = (connectionId: string, standalone = false): Occupant => ({ connectionId, standalone });
const listed = (connectionId: string, state: ListedConnection["state"], fields: Partial<ListedConnection> = {}): ListedConnection => ({
  connectionId,
  state,
  standalone: false,
  peerId: null,
  ...fields,
});

describe("isAccepted", () => {
  it.each([WAITING, PAIRED, STANDALONE])("is true for the accepted state %j", (state) => {
    expect(isAccepted(state)).toBe(true);
  });

  it.each(["tearingDown", "closed", { active: "awaitingRegister" }, { active: "authenticating" }, { active: "joining" }])(
    "is false for %j",
    (state) => {
      expect(isAccepted(state)).toBe(false);
    },
  );
});

describe("restoreRoom", () => {
  it("is an empty room when nothing is listed", () => {
    expect(restoreRoom([])).toEqual({ room: { value: "empty", context: { occupants: [] } }, settle: [], discard: [] });
  });

  it("keeps one waiting socket waiting, with nothing to settle", () => {
    const restored = restoreRoom([listed("a", WAITING, { occupants: [occupant("a")] })]);
    expect(restored).toEqual({ room: { value: "waiting", context: { occupants: [occupant("a")] } }, settle: [], discard: [] });
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
    const restored = restoreRoom([listed("a", PAIRED, { peerId: "b", occupants: [occupant("a"), occupant("b", true)] })]);
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

  it("tells a socket whose remembered peer is listed but no longer accepted that its peer left, with bye", () => {
    const remembered = [occupant("a"), occupant("b")];
    const restored = restoreRoom([listed("a", PAIRED, { peerId: "b", occupants: remembered }), listed("b", "tearingDown")]);
    expect(restored.room).toEqual({ value: "waiting", context: { occupants: [occupant("a")] } });
    expect(restored.settle).toEqual([{ to: "connection", connectionId: "a", event: { type: "PEER_LEFT", bye: true } }]);
  });

  it("tells a standalone socket its peer left without bye", () => {
    const remembered = [occupant("a", true), occupant("b")];
    const restored = restoreRoom([listed("a", STANDALONE, { standalone: true, peerId: "b", occupants: remembered }), listed("b", "tearingDown")]);
    expect(restored.settle).toEqual([{ to: "connection", connectionId: "a", event: { type: "PEER_LEFT", bye: false } }]);
  });

  // Reachable only when attachments diverge: the object went away between writing the leaver's attachment
  // (tearingDown) and the survivor's (still paired). Awake, the room would have decided bye with both occupants
  // known (standaloneInvolved); the remembered occupant says the leaver was standalone, so no bye is expected.
  it("does not send bye when the remembered peer that already left was standalone", () => {
    const remembered = [occupant("a"), occupant("b", true)];
    const restored = restoreRoom([listed("a", PAIRED, { peerId: "b", occupants: remembered }), listed("b", "tearingDown", { standalone: true })]);
    expect(restored.settle).toEqual([{ to: "connection", connectionId: "a", event: { type: "PEER_LEFT", bye: false } }]);
  });

  it("tells a paired socket whose attachment lost its peer that the peer left", () => {
    const restored = restoreRoom([listed("a", PAIRED, { peerId: "gone" })]);
    expect(restored.room).toEqual({ value: "waiting", context: { occupants: [occupant("a")] } });
    expect(restored.settle).toEqual([{ to: "connection", connectionId: "a", event: { type: "PEER_LEFT", bye: true } }]);
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
    const restored = restoreRoom([listed("a", PAIRED, { peerId: "b", occupants: remembered }), listed("b", PAIRED, { peerId: "a", occupants: remembered })]);
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
