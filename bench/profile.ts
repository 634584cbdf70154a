// Micro-benchmarks of the service's hot paths in Node (V8, like workerd): what one relayed frame, one ping
// round and one `register` cost inside the Durable Object before any I/O.
//   npm run bench:profile
// "shell" rows run the real interpreter, registry, effects and alarm scheduler on fake sockets
// (bench/shellHarness.ts; structuredClone stands in for serializeAttachment, both use the V8 serializer).
// The other rows time one step alone, the way it was done before and the way it is done now. The baseline
// relay does none of this: it hands the frame to the peer's socket as-is.
import { initialTransition, type SnapshotFrom, transition } from "xstate";
import { connectionMachine } from "../machines/connection";
import type { ConnectionEvent } from "../machines/connection.types";
import { earliestDeadline } from "../machines/deadlines";
import { roomMachine } from "../machines/room";
import { type Config, connectionSettings, parseConfig } from "../src/config";
import { frameEvent, parseClientFrame } from "../src/protocol/clientFrames";
import { acceptFrame } from "../src/protocol/serverFrames";
import { toAttachment } from "../src/room/attachment";
import { connectionSteps, roomSteps } from "../src/stepping/machineSteps";
import { CANDIDATE_FRAME, OFFER_FRAME } from "./scenarios/frames";
import { pairedShell } from "./shellHarness";

type ConnectionSnapshot = SnapshotFrom<typeof connectionMachine>;

const SETTINGS = connectionSettings((parseConfig({}) as { config: Config }).config);
const INPUT = { connectionId: "01J0000000000000000000000A", roomId: "room-1", now: 0, settings: SETTINGS };
const REGISTER_TEXT = JSON.stringify({
  type: "register",
  roomId: "room-1",
  clientId: "client-1",
  ayameClient: "bench",
  environment: "node",
});
const PONG_TEXT = '{"type":"pong"}';
const T = 1_700_000_000_000;

let sink: unknown;

/** Nanoseconds per call: the best of several timed batches after a warm-up (on a shared machine the least
 * disturbed batch is the closest to the code's own cost). */
function measure(run: () => unknown, budgetMs = 300): number {
  let iterations = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) sink = run();
    if (performance.now() - start > budgetMs / 10) break;
    iterations *= 2;
  }
  const batches: number[] = [];
  for (let batch = 0; batch < 7; batch++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) sink = run();
    batches.push(((performance.now() - start) * 1e6) / iterations);
  }
  return Math.min(...batches);
}

function pairedSnapshot(): ConnectionSnapshot {
  let [snapshot] = initialTransition(connectionMachine, INPUT);
  [snapshot] = transition(connectionMachine, snapshot, frameEvent(REGISTER_TEXT, 1_048_576, 1) as ConnectionEvent);
  [snapshot] = transition(connectionMachine, snapshot, {
    type: "SLOT_GRANTED",
    at: 2,
    isExistUser: true,
    peerId: "01J0000000000000000000000B",
  });
  if (!snapshot.matches({ active: { accepted: { pinged: "paired" } } }))
    throw new Error(`expected paired, got ${JSON.stringify(snapshot.value)}`);
  return snapshot;
}

function report(title: string, rows: Array<[string, number]>): void {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, ns] of rows) console.log(`  ${label.padEnd(width)}  ${(ns / 1000).toFixed(2).padStart(7)} µs`);
}

function main(): void {
  const paired = pairedSnapshot();
  const steps = connectionSteps(SETTINGS);
  const attachment = toAttachment(paired.value, paired.context, [], []);
  const shell = pairedShell(T);
  const [a, b] = shell.ids;

  for (const [name, text] of [
    ["offer (2 KB)", OFFER_FRAME],
    ["candidate", CANDIDATE_FRAME],
  ] as const) {
    const event = frameEvent(text, 1_048_576, 3);
    report(`relay of one ${name} frame`, [
      ["JSON.parse of the frame", measure(() => JSON.parse(text))],
      ["frameEvent (size check + parse + valibot)", measure(() => frameEvent(text, 1_048_576, 3))],
      [
        "xstate transition() (a new actor per call), at first",
        measure(() => transition(connectionMachine, paired, event)),
      ],
      [
        "connectionSteps (targetless: derived; one scope per isolate), now",
        measure(() => steps.transition(paired, event)),
      ],
      ["persist check by JSON.stringify, before", measure(() => JSON.stringify(attachment))],
      ["serializeAttachment stand-in (structuredClone)", measure(() => structuredClone(attachment))],
      ["earliestDeadline", measure(() => earliestDeadline(paired.context.deadlines))],
      // The same instant every time: the read deadline stays, as for most frames of a busy socket.
      ["shell, whole relay (frameEvent → step → effects → flush), now", measure(() => shell.frame(a, text, T + 3))],
    ]);
  }

  const pingAt = paired.context.deadlines.ping;
  if (pingAt === null) throw new Error("the paired connection has no ping deadline");
  const pingDue = { type: "PING_DUE", at: pingAt } as const;
  const pong = { type: "PONG", at: pingDue.at + 5 } as const;
  const [pinged] = transition(connectionMachine, paired, pingDue);
  let round = pingAt + 5000;
  report("one ping round (the alarm's PING_DUE and the client's pong)", [
    ["PING_DUE: pureTransitions, now", measure(() => steps.transition(paired, pingDue))],
    ["PONG: pureTransitions, now", measure(() => steps.transition(pinged, pong))],
    [
      "shell, per connection: alarm + pong (2 attachment writes each), now",
      measure(() => {
        shell.alarm(round);
        shell.frame(a, PONG_TEXT, round + 5);
        shell.frame(b, PONG_TEXT, round + 5);
        round += 5000;
      }) / 2,
    ],
  ]);

  const pureSteps = steps;
  const roomStepper = roomSteps();
  const [initial] = initialTransition(connectionMachine, INPUT);
  const registerEvent = frameEvent(REGISTER_TEXT, 1_048_576, 1) as ConnectionEvent;
  const [joining] = transition(connectionMachine, initial, registerEvent);
  const [emptyRoom] = initialTransition(roomMachine, { occupants: [] });
  const join = { type: "JOIN", connectionId: "a", standalone: false } as const;
  report("register → accept, pure steps (the shell also writes the alarm and logs lines)", [
    ["initialTransition(), at first", measure(() => initialTransition(connectionMachine, INPUT))],
    ["pureTransitions.initialTransition, now", measure(() => pureSteps.initialTransition(INPUT))],
    ["parseClientFrame (register, valibot)", measure(() => parseClientFrame(REGISTER_TEXT, 1))],
    ["transition() REGISTER, at first", measure(() => transition(connectionMachine, initial, registerEvent))],
    ["REGISTER: pureTransitions, now", measure(() => pureSteps.transition(initial, registerEvent))],
    ["room transition() JOIN, at first", measure(() => transition(roomMachine, emptyRoom, join))],
    ["room pureTransitions JOIN, now", measure(() => roomStepper.transition(emptyRoom, join))],
    [
      "SLOT_GRANTED: pureTransitions, now",
      measure(() => pureSteps.transition(joining, { type: "SLOT_GRANTED", at: 2, isExistUser: false, peerId: null })),
    ],
    ["acceptFrame", measure(() => acceptFrame("01J0000000000000000000000A", false, null))],
    [
      "persist of a changed attachment: JSON.stringify + structuredClone, before",
      measure(() => structuredClone(JSON.parse(JSON.stringify(attachment)))),
    ],
    ["persist of a changed attachment: structuredClone alone, now", measure(() => structuredClone(attachment))],
  ]);
  void sink;
}

main();
