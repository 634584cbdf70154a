// What must hold, seen from outside, in each state of the room machine: the clients the machine counts as
// occupants are open and admitted, everybody else is gone; slots granted and refused, and survivors released,
// exactly as the machine's effects say.
import { expect } from "vitest";
import { BYE_FRAME } from "../../../src/protocol/serverFrames";
import { framesAfterAccept, framesOf, leave, registerClient, until, within, type Client } from "./clients";
import type { Check } from "./replay";
import { clientNamed, type RoomStep, type RoomWorld } from "./roomWorld";

type RoomCheck = Check<RoomWorld, RoomStep>;

function relayed(world: RoomWorld, client: Client): string[] {
  return world.relayed.get(client.name) ?? [];
}

function occupantNames(step: RoomStep): string[] {
  return step.expected.context.occupants.map((occupant) => occupant.connectionId);
}

/** Every JOIN so far got the answer the machine gave: a slot (isExistUser when it is the second) or `full`. */
function expectAdmissions(world: RoomWorld, step: RoomStep): void {
  for (const join of world.steps.slice(1, step.index + 1)) {
    if (join.event.type !== "JOIN") continue;
    const client = clientNamed(world, join.event.connectionId);
    const effects = join.stepEffects.map(({ type }) => type);
    if (effects.includes("grantSlot")) {
      expect(client.accept, `${client.name} is accepted`).toMatchObject({ isExistUser: join.expected.context.occupants.length > 1 });
      expect(client.standalone).toBe(join.event.standalone);
    } else {
      expect(effects, `${client.name}: the machine either grants or refuses`).toContain("refuseSlot");
      expect(framesOf(client)).toEqual([{ type: "reject", reason: "full" }]);
      expect(client.closedWith?.code).toBe(1000);
    }
  }
}

/** Every survivor the machine released was closed with `peer left`, after `bye` unless either side is standalone. */
async function expectReleases(world: RoomWorld, step: RoomStep): Promise<void> {
  for (const leaving of world.steps.slice(1, step.index + 1)) {
    if (leaving.event.type !== "LEAVE" || !leaving.stepEffects.some(({ type }) => type === "releaseSurvivor")) continue;
    const occupants = leaving.before!.context.occupants;
    const leaver = occupants.find((o) => o.connectionId === (leaving.event as { connectionId: string }).connectionId)!;
    const survivor = occupants.find((o) => o !== leaver)!;
    const client = clientNamed(world, survivor.connectionId);
    expect(await within(client.socket.closed, `${client.name}'s release`)).toEqual({ code: 1000, reason: "peer left" });
    const bye = !leaver.standalone && !survivor.standalone;
    expect(framesAfterAccept(client), `${client.name}'s frames`).toEqual([...relayed(world, client), ...(bye ? [BYE_FRAME] : [])]);
  }
}

/** The machine's occupants are open and got nothing unexpected; every other admitted client is gone. */
async function expectOccupants(world: RoomWorld, step: RoomStep): Promise<void> {
  const names = occupantNames(step);
  for (const occupant of step.expected.context.occupants) {
    const client = clientNamed(world, occupant.connectionId);
    expect(client.closedWith, `${client.name} is open`).toBeUndefined();
    expect(client.accept, `${client.name} holds a slot`).toBeDefined();
    expect(client.standalone).toBe(occupant.standalone);
    expect(framesAfterAccept(client), `${client.name}'s frames`).toEqual(relayed(world, client));
  }
  for (const client of world.clients.values()) {
    if (names.includes(client.name)) continue;
    await within(client.socket.closed, `${client.name} to be gone`);
  }
}

async function expectRoomAsTheMachineSays(world: RoomWorld, step: RoomStep): Promise<void> {
  expectAdmissions(world, step);
  await expectReleases(world, step);
  await expectOccupants(world, step);
}

/** `from` relays to `to`, byte for byte. */
async function expectRelay(world: RoomWorld, from: Client, to: Client, type: string): Promise<void> {
  const text = JSON.stringify({ type, sdp: `check ${from.name}→${to.name} ${relayed(world, to).length}` });
  world.relayed.set(to.name, [...relayed(world, to), text]);
  from.socket.send(text);
  await until(() => framesAfterAccept(to).length >= relayed(world, to).length, `the relay at ${to.name}`);
  expect(framesAfterAccept(to)).toEqual(relayed(world, to));
}

export const roomChecks: Record<string, RoomCheck> = {
  "room.empty": async (world, step) => {
    await expectRoomAsTheMachineSays(world, step);
    // Seen from outside, an empty room gives a newcomer the first slot. The probe leaves it empty again.
    world.probes += 1;
    const probe = await registerClient(world.roomId, `probe-${world.probes}`, false);
    expect(probe.accept, "a newcomer is accepted").toMatchObject({ isExistUser: false });
    await leave(probe);
  },

  "room.waiting": async (world, step) => {
    await expectRoomAsTheMachineSays(world, step);
    const [occupant, ...others] = occupantNames(step);
    expect(others).toEqual([]);
    expect(clientNamed(world, occupant!).accept?.isExistUser).toBe(false);
  },

  "room.paired": async (world, step) => {
    await expectRoomAsTheMachineSays(world, step);
    const [first, second] = occupantNames(step).map((name) => clientNamed(world, name));
    expect([first?.accept?.isExistUser, second?.accept?.isExistUser]).toEqual([false, true]);
    await expectRelay(world, first!, second!, "offer");
    await expectRelay(world, second!, first!, "answer");
  },
};
