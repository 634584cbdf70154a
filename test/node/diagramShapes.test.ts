// How the diagram generator draws shapes today's machines may not have yet: composite states three deep,
// parents with their own transitions, guarded alternatives, static params, entry actions, repeated keys.
import { describe, expect, it } from "vitest";
import { createMachine, setup } from "xstate";
import { diagramOptions } from "../../scripts/diagramMachines";
import { closeTableMarkdown } from "../../scripts/statechartCloses";
import { machineToMermaid, stateIdOf } from "../../scripts/statechartDiagrams";
import { stateTableMarkdown } from "../../scripts/statechartDocs";
import { labelContextOf, mermaidText, paramsText } from "../../scripts/statechartLabels";
import { diagramSampleMachine } from "../support/diagramSampleMachine";
import { stateNodesOf } from "../support/statecharts/machineDefinition";

describe("the nested sample machine", () => {
  const diagram = machineToMermaid(diagramSampleMachine, diagramOptions);

  it("is drawn with every state titled by its name, while-in boxes for composites, one line per closing arrow", () => {
    expect(diagram).toBe(
      [
        "stateDiagram-v2",
        "  classDef whileIn fill:#fff5ad,stroke:#aaaa33",
        "  [*] --> active",
        '  state "active" as active {',
        "    [*] --> awaitingRegister",
        '    state "awaitingRegister" as awaitingRegister',
        '    state "accepted" as accepted {',
        '      state "while in accepted" as accepted_whileIn',
        "      accepted_whileIn : RELAY / refreshReadDeadline, relayToPeer",
        "      accepted_whileIn : CONNECTED / refreshReadDeadline",
        "      [*] --> pinged",
        '      state "pinged" as pinged {',
        '        state "while in pinged" as pinged_whileIn',
        "        pinged_whileIn : PONG / refreshReadDeadline, acceptPong",
        "        pinged_whileIn : PING_DUE / sendPing",
        "        [*] --> waiting",
        '        state "waiting" as waiting',
        "        waiting : PEER_JOINED [else] / (ignored)",
        '        state "paired" as paired',
        "        waiting --> paired : PEER_JOINED [hasPeer]",
        "      }",
        '      state "standalone" as standalone',
        "    }",
        "    awaitingRegister --> accepted : REGISTER / grantSlot(isExistUser)",
        "  }",
        '  state "tearingDown" as tearingDown',
        "  tearingDown : entry / leaveRoom",
        '  state "closed" as closed',
        "  closed --> [*]",
        "  active --> tearingDown : MALFORMED_FRAME, UNEXPECTED_FRAME or READ_TIMEOUT / closeSocket",
        "  active --> closed : SOCKET_CLOSED / leaveRoom",
        "  accepted --> tearingDown : PEER_LEFT [byeRequested] / releaseSurvivor(bye), closeSocket(1000, peer left)" +
          "<br/>#160;<br/>PEER_LEFT [else] / releaseSurvivor(no bye), closeSocket(1000, peer left)",
        "  pinged --> tearingDown : PONG_TIMEOUT / closeSocket(1000, pong timeout)",
        "  tearingDown --> closed : SOCKET_CLOSED<br/>#160;<br/>CLOSE_TIMEOUT / closeSocket(1006, close timeout: no close frame)",
        "  class accepted_whileIn,pinged_whileIn whileIn",
        "",
      ].join("\n"),
    );
  });

  it("declares every state, nested included, with its name as its title", () => {
    for (const { key } of stateNodesOf(diagramSampleMachine)) expect(diagram).toContain(`state "${key}" as ${key}`);
  });

  it("shows a context update where it is all a transition that stays does, and on no arrow", () => {
    expect(diagram).toContain("accepted_whileIn : CONNECTED / refreshReadDeadline");
    expect(diagram).not.toMatch(/-->.*refreshReadDeadline/);
  });

  it("keeps a close reason's colon, and leaves the outcome to the close table", () => {
    expect(diagram).toContain("closeSocket(1006, close timeout: no close frame)");
    expect(diagram).not.toMatch(/timeout, timeout|peer left, peerLeft/);
  });

  it("tables every close with its code, reason, outcome, guard and other effects", () => {
    const context = labelContextOf(diagramSampleMachine, diagramOptions);
    expect(closeTableMarkdown(context, diagramSampleMachine, stateIdOf(diagramSampleMachine))).toBe(
      [
        "| arrow | event | guard | code | reason | outcome | other effects |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        "| `active` → `tearingDown` | `MALFORMED_FRAME` |  | 1000 | protocol error: malformed frame | protocolError |  |",
        "| `active` → `tearingDown` | `UNEXPECTED_FRAME` |  | 1000 | protocol error: unexpected type | protocolError |  |",
        "| `active` → `tearingDown` | `READ_TIMEOUT` |  | 1000 | read timeout | timeout |  |",
        "| `accepted` → `tearingDown` | `PEER_LEFT` | `byeRequested` | 1000 | peer left | peerLeft | `releaseSurvivor(bye)` |",
        "| `accepted` → `tearingDown` | `PEER_LEFT` | `else` | 1000 | peer left | peerLeft | `releaseSurvivor(no bye)` |",
        "| `pinged` → `tearingDown` | `PONG_TIMEOUT` |  | 1000 | pong timeout | timeout |  |",
        "| `tearingDown` → `closed` | `CLOSE_TIMEOUT` |  | 1006 | close timeout: no close frame | timeout |  |",
        "",
      ].join("\n"),
    );
  });
});

describe("labels", () => {
  it("show static params compactly: flags by name, values as they are", () => {
    expect(paramsText({ isExistUser: true, bye: false, code: 1000, reason: "room: full", absent: undefined })).toBe(
      "isExistUser, no bye, 1000, room: full",
    );
  });

  it("turn what Mermaid trips over into spaces, and keep colons", () => {
    expect(mermaidText('a; b # c {d} "e" <f>: g')).toBe("a b c d e f : g");
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

describe("state tables", () => {
  it("give each state's own tags when the machine has any", () => {
    const tagged = createMachine({
      id: "tagged",
      initial: "a",
      states: {
        a: { tags: ["pending"], description: "first" },
        b: { initial: "c", tags: ["live"], states: { c: {} } },
      },
    });
    expect(stateTableMarkdown(tagged)).toBe(
      [
        "| state | meaning | tags |",
        "| --- | --- | --- |",
        "| `a` | first | `pending` |",
        "| `b` (compound) |  | `live` |",
        "| `b.c` |  |  |",
        "",
      ].join("\n"),
    );
  });

  it("have no tags column when no state has a tag", () => {
    const untagged = createMachine({ id: "untagged", initial: "a", states: { a: { description: "only" } } });
    expect(stateTableMarkdown(untagged)).toBe(
      ["| state | meaning |", "| --- | --- |", "| `a` | only |", ""].join("\n"),
    );
  });
});
