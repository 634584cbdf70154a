// Every generated path through the connection machine, run in a real actor with recorded effects.
// The checks say what must hold in each state, whatever path led there.
import { describe, expect, it } from "vitest";
import { connectionMachine } from "../../machines/connection";
import { acceptedEventTypesOf, stateIdsOf } from "../support/statecharts/machineDefinition";
import { connectionPayloads, connectionPaths, type ConnectionSnapshot } from "../support/statecharts/connectionPaths";
import {
  countEffects,
  effectTypes,
  runPathOnPureMachine,
  type PureRun,
  type StateChecks,
} from "../support/statecharts/pureMachineRun";

type Run = PureRun<ConnectionSnapshot>;

function expectNoTeardownYet({ effects }: Run) {
  expect(countEffects(effects, "closeSocket"), "socket closed while active").toBe(0);
  expect(countEffects(effects, "leaveRoom"), "room left while active").toBe(0);
  expect(countEffects(effects, "callDisconnectWebhook"), "disconnect webhook while active").toBe(0);
}

/** What happened before `accept`: optional authentication, then exactly one slot request. */
function expectAdmission({ snapshot, effects }: Run) {
  const admission = effectTypes(effects).filter((type) => type !== "sendPing" && type !== "relayToPeer");
  const authn = snapshot.context.settings.authnEnabled ? ["callAuthnWebhook"] : [];
  expect(admission).toEqual([...authn, "requestSlot", "sendAccept"]);
  expect(snapshot.context.grant, "the webhook's grant is dropped once accept is sent").toBeNull();
}

/** Signaling is relayed only once accepted, and only for frames the settings allow. */
function expectRelaysAllowed({ snapshot, effects }: Run) {
  for (const relay of effects.filter((effect) => effect.type === "relayToPeer")) {
    expect(relay.event.type).toBe("RELAY");
    if (!snapshot.context.settings.typeMessage) expect(relay.event).not.toMatchObject({ frameType: "message" });
  }
}

const checks: StateChecks<ConnectionSnapshot> = {
  "connection.active": (run) => {
    expectNoTeardownYet(run);
    expect(run.snapshot.status).toBe("active");
  },
  "connection.active.awaitingRegister": ({ snapshot, effects }) => {
    expect(effects).toEqual([]);
    expect(snapshot.context.clientId).toBe("");
  },
  "connection.active.authenticating": ({ snapshot, effects }) => {
    expect(effectTypes(effects)).toEqual(["callAuthnWebhook"]);
    expect(snapshot.context.settings.authnEnabled).toBe(true);
    expect(snapshot.context.clientId).not.toBe("");
  },
  "connection.active.joining": ({ snapshot, effects }) => {
    const authn = snapshot.context.settings.authnEnabled;
    expect(effectTypes(effects)).toEqual(authn ? ["callAuthnWebhook", "requestSlot"] : ["requestSlot"]);
    expect(snapshot.context.grant === null, "a grant exists exactly when the webhook allowed").toBe(!authn);
  },
  "connection.active.waiting": (run) => {
    expectAdmission(run);
    expectRelaysAllowed(run);
    expect(run.snapshot.context.standalone).toBe(false);
    expect(run.snapshot.context.nextPingAt, "pings are scheduled").not.toBeNull();
  },
  "connection.active.paired": (run) => {
    expectAdmission(run);
    expectRelaysAllowed(run);
    expect(run.snapshot.context.standalone).toBe(false);
    expect(run.snapshot.context.nextPingAt, "pings are scheduled").not.toBeNull();
  },
  "connection.active.standalone": (run) => {
    expectAdmission(run);
    expectRelaysAllowed(run);
    expect(run.snapshot.context.standalone).toBe(true);
    expect(run.snapshot.context.nextPingAt, "standalone sockets are not pinged").toBeNull();
    expect(run.snapshot.context.pongDeadline).toBeNull();
    expect(countEffects(run.effects, "sendPing")).toBe(0);
  },
  "connection.tearingDown": ({ snapshot, effects }) => {
    const types = effectTypes(effects);
    expect(countEffects(effects, "closeSocket"), "the server closes the socket once").toBe(1);
    expect(types.slice(-3), "close first, then release the slot and report").toEqual([
      "closeSocket",
      "leaveRoom",
      "callDisconnectWebhook",
    ]);
    const close = effects.find((effect) => effect.type === "closeSocket")!;
    expect([1000, 1008, 1009]).toContain((close.params as { code: number }).code);
    expect(snapshot.context.nextPingAt).toBeNull();
    expect(snapshot.context.pongDeadline).toBeNull();
  },
  "connection.closed": ({ snapshot, effects }) => {
    expect(snapshot.status).toBe("done");
    expect(countEffects(effects, "leaveRoom"), "the slot is released exactly once").toBe(1);
    expect(countEffects(effects, "callDisconnectWebhook"), "one disconnect webhook per socket").toBe(1);
    expect(countEffects(effects, "closeSocket")).toBeLessThanOrEqual(1);
  },
};

describe("connection machine: the path table is complete", () => {
  it("has payloads for exactly the event types the machine accepts", () => {
    expect(Object.keys(connectionPayloads).sort()).toEqual(acceptedEventTypesOf(connectionMachine));
  });

  it("has a check for every state", () => {
    expect(Object.keys(checks).sort()).toEqual(stateIdsOf(connectionMachine).sort());
  });

  it("names every path differently", () => {
    const descriptions = connectionPaths.map((path) => path.description);
    expect(new Set(descriptions).size).toBe(descriptions.length);
  });
});

describe("connection machine paths", () => {
  it.each(connectionPaths.map((path) => [path.description, path] as const))("%s", async (_, path) => {
    await runPathOnPureMachine(connectionMachine, path, checks);
  });
});
