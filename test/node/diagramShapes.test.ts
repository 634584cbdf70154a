// How the diagram generator draws shapes today's machines may not have yet: composite states three deep,
// parents with their own transitions, guarded alternatives, static params, entry actions, repeated keys.
import { describe, expect, it } from "vitest";
import { createMachine, setup } from "xstate";
import { diagramOptions } from "../../scripts/diagramMachines";
import { closeTableMarkdown } from "../../scripts/statechartCloses";
import { machineToMermaid, stateIdOf } from "../../scripts/statechartDiagrams";
import { labelContextOf, paramsText } from "../../scripts/statechartLabels";
import { diagramSampleMachine } from "../support/diagramSampleMachine";
import { stateNodesOf } from "../support/statecharts/machineDefinition";

describe("the nested sample machine", () => {
  const diagram = machineToMermaid(diagramSampleMachine, diagramOptions);

  it("is drawn with every state titled by its name, notes for composites, one line per closing arrow", () => {
    expect(diagram).toBe(
      [
        "stateDiagram-v2",
        "  [*] --> active",
        '  state "active" as active {',
        "    [*] --> awaitingRegister",
        '    state "awaitingRegister" as awaitingRegister',
        '    state "accepted" as accepted {',
        "      [*] --> pinged",
        '      state "pinged" as pinged {',
        "        [*] --> waiting",
        '        state "waiting" as waiting',
        "        waiting : PEER_JOINED [else] / (ignored)",
        '        state "paired" as paired',
        "        waiting --> paired : PEER_JOINED [hasPeer]",
        "      }",
        "      note right of pinged",
        "        PONG / acceptPong",
        "        PING_DUE / sendPing",
        "      end note",
        '      state "standalone" as standalone',
        "    }",
        "    note right of accepted",
        "      RELAY / relayToPeer",
        "      CONNECTED",
        "    end note",
        "    awaitingRegister --> accepted : REGISTER / grantSlot(isExistUser)",
        "  }",
        '  state "tearingDown" as tearingDown',
        "  tearingDown : entry / leaveRoom",
        '  state "closed" as closed',
        "  closed --> [*]",
        "  active --> tearingDown : protocol error or read timeout / closeSocket",
        "  active --> closed : SOCKET_CLOSED / leaveRoom",
        "  accepted --> tearingDown : PEER_LEFT [byeRequested] / releaseSurvivor(bye), closeSocket(1000, peer left)" +
          "<br/>PEER_LEFT [else] / releaseSurvivor(no bye), closeSocket(1000, peer left)",
        "  pinged --> tearingDown : PONG_TIMEOUT / closeSocket(1000, pong timeout)",
        "  tearingDown --> closed : SOCKET_CLOSED<br/>CLOSE_TIMEOUT / closeSocket(1006, close timeout)",
        "",
      ].join("\n"),
    );
  });

  it("declares every state, nested included, with its name as its title", () => {
    for (const { key } of stateNodesOf(diagramSampleMachine)) expect(diagram).toContain(`state "${key}" as ${key}`);
  });

  it("leaves hidden actions off every label", () => {
    expect(diagram).not.toContain("refreshReadDeadline");
  });

  it("tables every close with its code, reason, guard and other effects", () => {
    const context = labelContextOf(diagramSampleMachine, diagramOptions);
    expect(closeTableMarkdown(context, diagramSampleMachine, stateIdOf(diagramSampleMachine))).toBe(
      [
        "| arrow | event | guard | code | reason | other effects |",
        "| --- | --- | --- | --- | --- | --- |",
        "| `active` → `tearingDown` | `MALFORMED_FRAME` |  | 1000 | protocol error: malformed frame |  |",
        "| `active` → `tearingDown` | `UNEXPECTED_FRAME` |  | 1000 | protocol error: unexpected type |  |",
        "| `active` → `tearingDown` | `READ_TIMEOUT` |  | 1000 | read timeout |  |",
        "| `accepted` → `tearingDown` | `PEER_LEFT` | `byeRequested` | 1000 | peer left | `releaseSurvivor(bye)` |",
        "| `accepted` → `tearingDown` | `PEER_LEFT` | `else` | 1000 | peer left | `releaseSurvivor(no bye)` |",
        "| `pinged` → `tearingDown` | `PONG_TIMEOUT` |  | 1000 | pong timeout |  |",
        "| `tearingDown` → `closed` | `CLOSE_TIMEOUT` |  | 1006 | close timeout |  |",
        "",
      ].join("\n"),
    );
  });
});

describe("labels", () => {
  it("show static params compactly: flags by name, values as they are", () => {
    expect(paramsText({ isExistUser: true, bye: false, code: 1000, reason: "room: full", absent: undefined })).toBe(
      "isExistUser, no bye, 1000, room full",
    );
  });

  const machine = setup({
    actions: { beep: () => {} },
    guards: { ready: () => true },
  }).createMachine({
    id: "sample",
    initial: "idle",
    states: {
      idle: {
        always: { guard: "ready", target: "busy", actions: "beep" },
        on: { POKE: { actions: "beep" }, IGNORED: {} },
      },
      busy: { on: { STOP: "done" } },
      done: { type: "final" },
    },
  });
  const diagram = machineToMermaid(machine, diagramOptions);

  it("draw eventless transitions, which toDirectedGraph leaves out", () => {
    expect(diagram).toContain("idle --> busy : always [ready] / beep");
  });

  it("list targetless transitions under the state's title instead of drawing self-loops", () => {
    expect(diagram).toContain('state "idle" as idle\n  idle : POKE / beep\n  idle : IGNORED / (ignored)');
    expect(diagram).not.toMatch(/idle --> idle/);
  });
});

it("uses state paths as Mermaid ids when keys repeat, and keeps the keys as titles", () => {
  const nested = createMachine({
    id: "nested",
    initial: "a",
    states: {
      a: { initial: "idle", states: { idle: { on: { GO: "#nested.b" } } } },
      b: { initial: "idle", states: { idle: {} } },
    },
  });
  expect(machineToMermaid(nested, diagramOptions)).toBe(
    [
      "stateDiagram-v2",
      "  [*] --> a",
      '  state "a" as a {',
      "    [*] --> a_idle",
      '    state "idle" as a_idle',
      "  }",
      '  state "b" as b {',
      "    [*] --> b_idle",
      '    state "idle" as b_idle',
      "  }",
      "  a_idle --> b : GO",
      "",
    ].join("\n"),
  );
});
