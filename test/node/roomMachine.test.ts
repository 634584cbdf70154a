// The room machine by example: every state (empty, waiting, paired) and every transition, driven with
// xstate's pure `initialTransition` / `transition`. Its decisions come back as emitted messages, each
// addressed to one connection (`to`); nothing is executed.
import { describe, expect, it } from "vitest";
import { initialTransition, type SnapshotFrom, transition } from "xstate";
import type { RoomMessage } from "../../machines/connection.types";
import { roomMachine } from "../../machines/room";
import type { Occupant, RoomEvent } from "../../machines/room.types";

type Snapshot = SnapshotFrom<typeof roomMachine>;

const join = (connectionId: string, standalone = false): RoomEvent => ({ type: "JOIN", connectionId, standalone });
const leave = (connectionId: string): RoomEvent => ({ type: "LEAVE", connectionId });

/** The room's actions are all messages: anything else would be an effect nobody executes. */
function messagesOf(actions: ReadonlyArray<{ type: string; params?: unknown }>): RoomMessage[] {
  return actions.map((action) => {
    expect(action.type).toBe("xstate.emit");
    return (action.params as { event: RoomMessage }).event;
  });
}

/** Applies the events in order; returns the last snapshot and the messages of the last event. */
function run(events: RoomEvent[], from = initialTransition(roomMachine, { occupants: [] })[0]) {
  let snapshot: Snapshot = from;
  let messages: RoomMessage[] = [];
  for (const event of events) {
    const [next, actions] = transition(roomMachine, snapshot, event);
    snapshot = next;
    messages = messagesOf(actions);
  }
  return { snapshot, messages };
}

const ids = (occupants: readonly Occupant[]) => occupants.map((o) => o.connectionId);

describe("empty", () => {
  it("is where a room starts, with no occupants and no messages", () => {
    const [snapshot, actions] = initialTransition(roomMachine, { occupants: [] });
    expect(snapshot.value).toBe("empty");
    expect(snapshot.context.occupants).toEqual([]);
    expect(actions).toEqual([]);
  });

  it("grants the first JOIN a slot with no one already there, and waits", () => {
    const { snapshot, messages } = run([join("a")]);
    expect(snapshot.value).toBe("waiting");
    expect(snapshot.context.occupants).toEqual([{ connectionId: "a", standalone: false }]);
    expect(messages).toEqual([{ type: "SLOT_GRANTED", to: "a", isExistUser: false, peerId: null }]);
  });

  it("ignores a LEAVE (a socket that never held a slot)", () => {
    const { snapshot, messages } = run([leave("a")]);
    expect(snapshot.value).toBe("empty");
    expect(messages).toEqual([]);
  });
});

describe("waiting", () => {
  it("grants the second JOIN a slot naming the first, tells the first who joined, and is paired", () => {
    const { snapshot, messages } = run([join("a"), join("b", true)]);
    expect(snapshot.value).toBe("paired");
    expect(snapshot.context.occupants).toEqual([
      { connectionId: "a", standalone: false },
      { connectionId: "b", standalone: true },
    ]);
    expect(messages).toEqual([
      { type: "SLOT_GRANTED", to: "b", isExistUser: true, peerId: "a" },
      { type: "PEER_JOINED", to: "a", peerId: "b" },
    ]);
  });

  it("is empty again when its occupant leaves, telling no one", () => {
    const { snapshot, messages } = run([join("a"), leave("a")]);
    expect(snapshot.value).toBe("empty");
    expect(snapshot.context.occupants).toEqual([]);
    expect(messages).toEqual([]);
  });

  it("ignores the LEAVE of a socket that is not in the room", () => {
    const { snapshot, messages } = run([join("a"), leave("stranger")]);
    expect(snapshot.value).toBe("waiting");
    expect(ids(snapshot.context.occupants)).toEqual(["a"]);
    expect(messages).toEqual([]);
  });

  it("grants a slot again after its occupant left", () => {
    const { messages } = run([join("a"), leave("a"), join("c")]);
    expect(messages).toEqual([{ type: "SLOT_GRANTED", to: "c", isExistUser: false, peerId: null }]);
  });
});

describe("paired", () => {
  it("refuses a third JOIN and keeps both occupants", () => {
    const { snapshot, messages } = run([join("a"), join("b"), join("c")]);
    expect(snapshot.value).toBe("paired");
    expect(ids(snapshot.context.occupants)).toEqual(["a", "b"]);
    expect(messages).toEqual([{ type: "SLOT_REFUSED", to: "c" }]);
  });

  it("refuses every further JOIN the same way", () => {
    const { snapshot, messages } = run([join("a"), join("b"), join("c"), join("d", true)]);
    expect(ids(snapshot.context.occupants)).toEqual(["a", "b"]);
    expect(messages).toEqual([{ type: "SLOT_REFUSED", to: "d" }]);
  });

  it.each([
    ["a", "b"],
    ["b", "a"],
  ])("releases the survivor with bye and is empty at once when %s leaves", (leaver, survivor) => {
    const { snapshot, messages } = run([join("a"), join("b"), leave(leaver)]);
    expect(snapshot.value).toBe("empty");
    expect(snapshot.context.occupants).toEqual([]);
    expect(messages).toEqual([{ type: "PEER_LEFT", to: survivor, bye: true }]);
  });

  it("releases the survivor without bye when the leaver is standalone", () => {
    const { snapshot, messages } = run([join("a", true), join("b"), leave("a")]);
    expect(snapshot.value).toBe("empty");
    expect(messages).toEqual([{ type: "PEER_LEFT", to: "b", bye: false }]);
  });

  it("releases the survivor without bye when the survivor is standalone", () => {
    const { snapshot, messages } = run([join("a", true), join("b"), leave("b")]);
    expect(snapshot.value).toBe("empty");
    expect(messages).toEqual([{ type: "PEER_LEFT", to: "a", bye: false }]);
  });

  it("releases the survivor without bye when both are standalone", () => {
    const { messages } = run([join("a", true), join("b", true), leave("b")]);
    expect(messages).toEqual([{ type: "PEER_LEFT", to: "a", bye: false }]);
  });

  it("ignores the LEAVE of a refused socket: both occupants stay", () => {
    const { snapshot, messages } = run([join("a"), join("b"), join("c"), leave("c")]);
    expect(snapshot.value).toBe("paired");
    expect(ids(snapshot.context.occupants)).toEqual(["a", "b"]);
    expect(messages).toEqual([]);
  });

  it("ignores the LEAVE of a non-occupant also when an occupant is standalone", () => {
    const { snapshot, messages } = run([join("a", true), join("b"), leave("stranger")]);
    expect(snapshot.value).toBe("paired");
    expect(ids(snapshot.context.occupants)).toEqual(["a", "b"]);
    expect(messages).toEqual([]);
  });

  it("ignores a late LEAVE of an old occupant once new ones moved in (unregister by connection id)", () => {
    const { snapshot, messages } = run([
      join("a"),
      join("b"),
      leave("a"),
      join("c"),
      join("d"),
      leave("b"),
      leave("a"),
    ]);
    expect(snapshot.value).toBe("paired");
    expect(ids(snapshot.context.occupants)).toEqual(["c", "d"]);
    expect(messages).toEqual([]);
  });
});

describe("restored state", () => {
  it("can be rebuilt from occupants after a wake-up and decides from there", () => {
    const restored = roomMachine.resolveState({
      value: "paired",
      context: {
        occupants: [
          { connectionId: "a", standalone: false },
          { connectionId: "b", standalone: true },
        ],
      },
    });
    expect(run([join("c")], restored).messages).toEqual([{ type: "SLOT_REFUSED", to: "c" }]);
    expect(run([leave("a")], restored).messages).toEqual([{ type: "PEER_LEFT", to: "b", bye: false }]);
  });
});
