// The room machine by example: every state (empty, waiting, paired) and every transition, driven with
// xstate's pure `initialTransition` / `transition`. Effects come back as actions; nothing is executed.
import { describe, expect, it } from "vitest";
import { initialTransition, transition, type SnapshotFrom } from "xstate";
import { roomMachine } from "../../machines/room";
import type { RoomEvent } from "../../machines/room.types";

type Snapshot = SnapshotFrom<typeof roomMachine>;

const join = (connectionId: string, standalone = false): RoomEvent => ({ type: "JOIN", connectionId, standalone });
const leave = (connectionId: string): RoomEvent => ({ type: "LEAVE", connectionId });

function start(): Snapshot {
  return initialTransition(roomMachine, { occupants: [] })[0];
}

/** Applies the events in order; returns the last snapshot and the effects of the last event. */
function run(events: RoomEvent[], from = start()) {
  let snapshot = from;
  let effects: string[] = [];
  for (const event of events) {
    const [next, actions] = transition(roomMachine, snapshot, event);
    snapshot = next;
    effects = actions.map((action) => action.type);
  }
  return { snapshot, effects };
}

describe("empty", () => {
  it("is where a room starts, with no occupants and no effects", () => {
    const [snapshot, actions] = initialTransition(roomMachine, { occupants: [] });
    expect(snapshot.value).toBe("empty");
    expect(snapshot.context.occupants).toEqual([]);
    expect(actions).toEqual([]);
  });

  it("grants the first JOIN a slot and waits", () => {
    const { snapshot, effects } = run([join("a")]);
    expect(snapshot.value).toBe("waiting");
    expect(snapshot.context.occupants).toEqual([{ connectionId: "a", standalone: false }]);
    expect(effects).toEqual(["grantSlot"]);
  });

  it("ignores a LEAVE (a socket that never held a slot)", () => {
    const { snapshot, effects } = run([leave("a")]);
    expect(snapshot.value).toBe("empty");
    expect(effects).toEqual([]);
  });
});

describe("waiting", () => {
  it("grants the second JOIN a slot, tells the first about it and is paired", () => {
    const { snapshot, effects } = run([join("a"), join("b", true)]);
    expect(snapshot.value).toBe("paired");
    expect(snapshot.context.occupants).toEqual([
      { connectionId: "a", standalone: false },
      { connectionId: "b", standalone: true },
    ]);
    expect(effects).toEqual(["grantSlot", "notifyPeerJoined"]);
  });

  it("is empty again when its occupant leaves, without telling anyone", () => {
    const { snapshot, effects } = run([join("a"), leave("a")]);
    expect(snapshot.value).toBe("empty");
    expect(snapshot.context.occupants).toEqual([]);
    expect(effects).toEqual([]);
  });

  it("keeps its occupant when a socket that is not in the room leaves", () => {
    const { snapshot, effects } = run([join("a"), leave("stranger")]);
    expect(snapshot.value).toBe("waiting");
    expect(snapshot.context.occupants).toEqual([{ connectionId: "a", standalone: false }]);
    expect(effects).toEqual([]);
  });
});

describe("paired", () => {
  it("refuses a third JOIN and keeps both occupants", () => {
    const { snapshot, effects } = run([join("a"), join("b"), join("c")]);
    expect(snapshot.value).toBe("paired");
    expect(snapshot.context.occupants.map((o) => o.connectionId)).toEqual(["a", "b"]);
    expect(effects).toEqual(["refuseSlot"]);
  });

  it("refuses a fourth and fifth JOIN the same way", () => {
    for (const extra of [["c", "d"], ["c", "d", "e"]]) {
      const { snapshot, effects } = run([join("a"), join("b"), ...extra.map((id) => join(id))]);
      expect(snapshot.value).toBe("paired");
      expect(effects).toEqual(["refuseSlot"]);
    }
  });

  it.each(["a", "b"])("releases the survivor and is empty at once when %s leaves", (leaver) => {
    const { snapshot, effects } = run([join("a"), join("b"), leave(leaver)]);
    expect(snapshot.value).toBe("empty");
    expect(snapshot.context.occupants).toEqual([]);
    expect(effects).toEqual(["releaseSurvivor"]);
  });

  it("tells releaseSurvivor who left and who stays (it runs before the occupants are cleared)", () => {
    const seen: Array<{ leaver: string; occupants: string[] }> = [];
    const logic = roomMachine.provide({
      actions: {
        releaseSurvivor: ({ context, event }) => {
          if (event.type === "LEAVE") seen.push({ leaver: event.connectionId, occupants: context.occupants.map((o) => o.connectionId) });
        },
      },
    });
    let snapshot = initialTransition(logic, { occupants: [] })[0];
    for (const event of [join("a"), join("b"), leave("b")]) {
      const [next, actions] = transition(logic, snapshot, event);
      snapshot = next;
      for (const action of actions) action.exec?.(action.info, action.params);
    }
    expect(seen).toEqual([{ leaver: "b", occupants: ["a", "b"] }]);
  });

  it("ignores the LEAVE of a refused socket: both occupants stay", () => {
    const { snapshot, effects } = run([join("a"), join("b"), join("c"), leave("c")]);
    expect(snapshot.value).toBe("paired");
    expect(snapshot.context.occupants.map((o) => o.connectionId)).toEqual(["a", "b"]);
    expect(effects).toEqual([]);
  });

  it("ignores a late LEAVE of an old occupant once new ones moved in (unregister by connection id)", () => {
    const { snapshot, effects } = run([join("a"), join("b"), leave("a"), join("c"), join("d"), leave("b"), leave("a")]);
    expect(snapshot.value).toBe("paired");
    expect(snapshot.context.occupants.map((o) => o.connectionId)).toEqual(["c", "d"]);
    expect(effects).toEqual([]);
  });
});

describe("restored state", () => {
  it("can be rebuilt from occupants after a wake-up and goes on from there", () => {
    const restored = roomMachine.resolveState({
      value: "paired",
      context: { occupants: [{ connectionId: "a", standalone: false }, { connectionId: "b", standalone: false }] },
    });
    const { snapshot, effects } = run([join("c")], restored);
    expect(snapshot.value).toBe("paired");
    expect(effects).toEqual(["refuseSlot"]);
  });
});
