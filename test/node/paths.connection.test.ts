// Every generated path through the connection machine, as the pure machine answers it (each step's snapshot
// and effects come from src/stepping/pureTransition.ts). The checks say what must hold in each state, whatever
// path led there, from the effects so far.
import { describe, expect, it } from "vitest";
import type { AnyStateNode } from "xstate";
import { connectionMachine } from "../../machines/connection";
import { defined } from "../support/defined";
import { type ConnectionSnapshot, connectionPaths, connectionPayloads } from "../support/statecharts/connectionPaths";
import { acceptedEventTypesOf, stateIdsOf } from "../support/statecharts/machineDefinition";
import type { Effect } from "../support/statecharts/pathModel";

interface Run {
  snapshot: ConnectionSnapshot;
  effects: Effect[];
}

const types = (effects: Effect[]) =>
  effects.map(({ type }) => type).filter((type) => type !== "logSummary" && type !== "recordMetrics");
/** What happens before the slot request: optional authentication, then TURN credentials when enabled and not granted. */
const admission = (effects: Effect[]) =>
  types(effects).filter((type) => type === "callAuthnWebhook" || type === "requestTurnCredentials");
const count = (effects: Effect[], type: string) => effects.filter((effect) => effect.type === type).length;

function expectNoTeardownYet({ effects }: Run) {
  expect(count(effects, "closeSocket"), "socket closed while active").toBe(0);
  expect(count(effects, "LEAVE"), "room left while active").toBe(0);
  expect(count(effects, "callDisconnectWebhook"), "disconnect webhook while active").toBe(0);
}

const checks: Record<string, (run: Run) => void> = {
  "connection.active": (run) => {
    expectNoTeardownYet(run);
    expect(run.snapshot.status).toBe("active");
  },
  "connection.active.awaitingRegister": ({ snapshot, effects }) => {
    expect(types(effects)).toEqual([]);
    expect(snapshot.context.clientId).toBe("");
    expect(snapshot.context.deadlines.register, "the register deadline runs").not.toBeNull();
  },
  "connection.active.authenticating": ({ snapshot, effects }) => {
    expect(types(effects)).toEqual(["callAuthnWebhook"]);
    expect(snapshot.context.settings.authnEnabled).toBe(true);
    expect(snapshot.context.clientId).not.toBe("");
    expect(snapshot.context.deadlines.register).toBeNull();
  },
  "connection.active.fetchingTurn": ({ snapshot, effects }) => {
    expect(snapshot.context.settings.turnEnabled).toBe(true);
    expect(types(effects)).toEqual([
      ...admission(effects).filter((type) => type === "callAuthnWebhook"),
      "requestTurnCredentials",
    ]);
    expect(snapshot.context.grant?.iceServers, "only a client the webhook gave no ICE servers").toBeUndefined();
  },
  "connection.active.joining": ({ snapshot, effects }) => {
    const { authnEnabled, turnEnabled } = snapshot.context.settings;
    expect(types(effects)).toEqual([...admission(effects), "JOIN"]);
    expect(admission(effects).includes("callAuthnWebhook")).toBe(authnEnabled);
    if (!turnEnabled) expect(admission(effects)).not.toContain("requestTurnCredentials");
    if (!authnEnabled && !turnEnabled)
      expect(snapshot.context.grant, "nothing granted without a webhook or TURN").toBeNull();
  },
  "connection.active.accepted": ({ snapshot, effects }) => {
    expect(types(effects).filter((type) => type !== "sendPing" && type !== "relayToPeer")).toEqual([
      ...admission(effects),
      "JOIN",
      "sendAccept",
    ]);
    expect(snapshot.context.grant, "the webhook's grant is dropped once accept is sent").toBeNull();
    for (const relay of effects.filter((effect) => effect.type === "relayToPeer")) {
      expect(relay.context.peerId, "relayed only to a peer").not.toBeNull();
      if (!snapshot.context.settings.typeMessage) expect(relay.event).not.toMatchObject({ frameType: "message" });
    }
  },
  "connection.active.accepted.pinged": ({ snapshot }) => {
    expect(snapshot.context.standalone).toBe(false);
    expect(snapshot.context.deadlines.ping, "pings are scheduled").not.toBeNull();
  },
  "connection.active.accepted.pinged.waiting": ({ snapshot }) => expect(snapshot.context.peerId).toBeNull(),
  "connection.active.accepted.pinged.paired": ({ snapshot }) => expect(snapshot.context.peerId).not.toBeNull(),
  "connection.active.accepted.standalone": ({ snapshot, effects }) => {
    expect(snapshot.context.standalone).toBe(true);
    expect(snapshot.context.deadlines, "only the read deadline runs").toMatchObject({
      ping: null,
      pong: null,
      register: null,
    });
    expect(count(effects, "sendPing")).toBe(0);
  },
  "connection.tearingDown": ({ snapshot, effects }) => {
    expect(count(effects, "closeSocket"), "the server closes the socket once").toBe(1);
    expect(types(effects).slice(-3), "close first, then release the slot and report").toEqual([
      "closeSocket",
      "LEAVE",
      "callDisconnectWebhook",
    ]);
    const close = defined(
      effects.find((effect) => effect.type === "closeSocket"),
      "a closeSocket effect",
    );
    expect([1000, 1008, 1009, 1011, 1013]).toContain(close.params.code);
    const { close: closeAt, ...others } = snapshot.context.deadlines;
    expect(closeAt, "the client has until the close deadline").not.toBeNull();
    expect(
      Object.values(others).every((at) => at === null),
      "no other deadline runs",
    ).toBe(true);
  },
  "connection.closed": ({ snapshot, effects }) => {
    expect(snapshot.status).toBe("done");
    expect(count(effects, "LEAVE"), "the slot is released exactly once").toBe(1);
    expect(count(effects, "callDisconnectWebhook"), "one disconnect webhook per socket").toBe(1);
    expect(count(effects, "closeSocket")).toBeLessThanOrEqual(1);
    expect(
      effects.slice(-2).map(({ type }) => type),
      "the summary line, then the data point, last",
    ).toEqual(["logSummary", "recordMetrics"]);
    expect([count(effects, "logSummary"), count(effects, "recordMetrics")], "one of each per socket").toEqual([1, 1]);
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
  it.each(connectionPaths.map((path) => [path.description, path] as const))("%s", (_, path) => {
    path.steps.forEach((step, index) => {
      const run = { snapshot: step.state, effects: path.steps.slice(0, index + 1).flatMap(({ effects }) => effects) };
      for (const node of step.state._nodes as AnyStateNode[]) {
        if (node.id === "connection") continue;
        try {
          defined(checks[node.id], `a check for ${node.id}`)(run);
        } catch (error) {
          throw Object.assign(error as Error, {
            message: `after ${step.label}, in ${node.id}: ${(error as Error).message}`,
          });
        }
      }
    });
  });
});
