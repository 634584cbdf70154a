// admission: whether a room at its socket cap takes one more socket, and whose place it takes.
import { describe, expect, it } from "vitest";
import { admission, type TrackedSocket } from "../../machines/admission";

const AWAITING = { active: "awaitingRegister" };
const socket = (connectionId: string, state: TrackedSocket["state"]): TrackedSocket => ({ connectionId, state });
const accepted = (id: string) => socket(id, { active: { accepted: { pinged: "paired" } } });
const pending = (id: string) => socket(id, AWAITING);
const closing = (id: string) => socket(id, "tearingDown");

describe("admission", () => {
  it("admits under the cap without displacing anyone", () => {
    expect(admission([], 1)).toEqual({ admit: true });
    expect(admission([pending("a"), closing("b")], 3)).toEqual({ admit: true });
  });

  it("at the cap, lets the oldest closing socket go first, even when a pending socket is older", () => {
    const sockets = [pending("p1"), accepted("a"), closing("c1"), closing("c2")];
    expect(admission(sockets, 4)).toEqual({ admit: true, displace: "c1" });
  });

  it("at the cap without a closing socket, displaces the oldest socket that never registered", () => {
    const sockets = [accepted("a"), pending("p1"), accepted("b"), pending("p2")];
    expect(admission(sockets, 4)).toEqual({ admit: true, displace: "p1" });
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

  it("decides the same way over the cap (a displaced pending socket still counts while it closes)", () => {
    expect(admission([pending("p1"), closing("c1"), accepted("a")], 2)).toEqual({ admit: true, displace: "c1" });
    expect(admission([accepted("a"), accepted("b"), accepted("c")], 2)).toEqual({ admit: false });
  });
});
