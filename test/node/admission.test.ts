// admission: whether a room at its socket cap takes one more socket, and whose places it frees.
import { describe, expect, it } from "vitest";
import type { StateValue } from "xstate";
import { admission, type TrackedSocket } from "../../machines/admission";
import { tagsOf } from "./connectionMachine.support";

const AWAITING = { active: "awaitingRegister" };
const socket = (connectionId: string, state: StateValue): TrackedSocket => ({ connectionId, tags: tagsOf(state) });
const accepted = (id: string) => socket(id, { active: { accepted: { pinged: "paired" } } });
const pending = (id: string) => socket(id, AWAITING);
const closing = (id: string) => socket(id, "tearingDown");

describe("admission", () => {
  it("admits under the cap without displacing anyone", () => {
    expect(admission([], 1)).toEqual({ admit: true, displace: [] });
    expect(admission([pending("a"), closing("b")], 3)).toEqual({ admit: true, displace: [] });
  });

  it("well under the cap, displaces no one, however many sockets are closing or pending", () => {
    const sockets = [closing("c1"), closing("c2"), pending("p1"), pending("p2")];
    expect(admission(sockets, 6)).toEqual({ admit: true, displace: [] });
    expect(admission(sockets, 100)).toEqual({ admit: true, displace: [] });
  });

  it("at the cap, lets the oldest closing socket go first, even when a pending socket is older", () => {
    const sockets = [pending("p1"), accepted("a"), closing("c1"), closing("c2")];
    expect(admission(sockets, 4)).toEqual({ admit: true, displace: ["c1"] });
  });

  it("at the cap without a closing socket, displaces the oldest socket that never registered", () => {
    const sockets = [accepted("a"), pending("p1"), accepted("b"), pending("p2")];
    expect(admission(sockets, 4)).toEqual({ admit: true, displace: ["p1"] });
  });

  it("at the cap, refuses when every socket is registered", () => {
    const sockets = [
      accepted("a"),
      accepted("b"),
      socket("c", { active: "authenticating" }),
      socket("d", { active: "joining" }),
      socket("e", { active: { accepted: "standalone" } }),
    ];
    expect(admission(sockets, 5)).toEqual({ admit: false });
  });

  it("over the cap (a smaller cap after a deploy), frees as many places as it takes, or refuses", () => {
    expect(admission([pending("p1"), closing("c1"), accepted("a")], 2)).toEqual({
      admit: true,
      displace: ["c1", "p1"],
    });
    expect(admission([accepted("a"), pending("p1"), accepted("b")], 2)).toEqual({ admit: false });
  });

  it("never lets a flood of sockets that do not register take a room past its cap", () => {
    const cap = 5;
    let room: TrackedSocket[] = [accepted("a")];
    for (let i = 0; i < 100; i++) {
      const decision = admission(room, cap);
      expect(decision.admit).toBe(true);
      if (!decision.admit) return;
      // A displaced socket is forgotten at once; the new one is pending.
      room = room.filter((s) => !decision.displace.includes(s.connectionId)).concat(pending(`p${i}`));
      expect(room.length).toBeLessThanOrEqual(cap);
      expect(room.some((s) => s.connectionId === "a")).toBe(true);
    }
  });
});
