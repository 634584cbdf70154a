// Micro-benchmarks of the pure parts of the service's hot paths, in Node (V8, like workerd):
// what one relayed frame and one `register` cost inside RoomDurableObject before any I/O.
//   npm run bench:profile
// The steps mirror src/room/RoomDurableObject.ts (webSocketMessage → frameEvent → transition → effects →
// persist → scheduleNextAlarm); `structuredClone` stands in for serializeAttachment (both use the V8
// serializer). The baseline relay does none of this: it hands the frame to the peer's socket as-is.
import { initialTransition, transition, type SnapshotFrom } from "xstate";
import { connectionMachine } from "../machines/connection";
import type { ConnectionEvent } from "../machines/connection.types";
import { earliestDeadline } from "../machines/deadlines";
import { toAttachment } from "../src/room/attachment";
import { roomMachine } from "../machines/room";
import { frameEvent, parseClientFrame } from "../src/protocol/clientFrames";
import { acceptFrame } from "../src/protocol/serverFrames";
import { pureTransitions } from "../src/room/pureTransition";
import { CANDIDATE_FRAME, OFFER_FRAME } from "./scenarios/frames";

type ConnectionSnapshot = SnapshotFrom<typeof connectionMachine>;

const SETTINGS = { authnEnabled: false, turnEnabled: false, typeMessage: false, pingIntervalMs: 5000, pongTimeoutMs: 60000, readTimeoutMs: 90000, registerTimeoutMs: 10000, closeTimeoutMs: 10000 };
const REGISTER_TEXT = JSON.stringify({ type: "register", roomId: "room-1", clientId: "client-1", ayameClient: "bench", environment: "node" });
const HEADERS: Array<[string, string]> = [];

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

// Effects are executed by name by the shell; the machine's own are no-ops.
const noEffects = connectionMachine;
const connectionSteps = pureTransitions(noEffects, { connectionId: "", roomId: "", now: 0, settings: SETTINGS });
const roomSteps = pureTransitions(roomMachine, { occupants: [] });

function pairedSnapshot(): ConnectionSnapshot {
  let [snapshot] = initialTransition(noEffects, { connectionId: "01J0000000000000000000000A", roomId: "room-1", now: 0, settings: SETTINGS });
  [snapshot] = transition(noEffects, snapshot, frameEvent(REGISTER_TEXT, 1_048_576, 1) as ConnectionEvent);
  [snapshot] = transition(noEffects, snapshot, { type: "SLOT_GRANTED", at: 2, isExistUser: true, peerId: "01J0000000000000000000000B" });
  if (!snapshot.matches({ active: { accepted: { pinged: "paired" } } })) throw new Error(`expected paired, got ${JSON.stringify(snapshot.value)}`);
  return snapshot;
}

function attachmentOf(snapshot: ConnectionSnapshot) {
  return toAttachment(snapshot.value, snapshot.context, HEADERS, []);
}

/** Everything the shell does in JavaScript for one relayed frame, in order. */
function relayOneFrame(snapshot: ConnectionSnapshot, text: string, at: number, persisted: string): ConnectionSnapshot {
  const event = frameEvent(text, 1_048_576, at);
  const before = snapshot.value;
  const [next, actions] = connectionSteps.transition(snapshot, event);
  sink = JSON.stringify(before) !== JSON.stringify(next.value);
  sink = actions.length;
  const attachment = attachmentOf(next);
  const json = JSON.stringify(attachment);
  if (json !== persisted) sink = structuredClone(attachment);
  sink = earliestDeadline(next.context.deadlines);
  return next;
}

function report(rows: Array<[string, number]>, total?: number): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, ns] of rows) {
    const share = total ? `  ${((100 * ns) / total).toFixed(0).padStart(3)} %` : "";
    console.log(`  ${label.padEnd(width)}  ${(ns / 1000).toFixed(2).padStart(7)} µs${share}`);
  }
}

function main(): void {
  const paired = pairedSnapshot();
  const pairedAttachment = attachmentOf(paired);
  const persisted = JSON.stringify(pairedAttachment);
  const relayEvent = frameEvent(OFFER_FRAME, 1_048_576, 3) as ConnectionEvent;
  const [afterRelay] = transition(noEffects, paired, relayEvent);

  for (const [name, text] of [
    ["offer (2 KB)", OFFER_FRAME],
    ["candidate", CANDIDATE_FRAME],
  ] as const) {
    const event = frameEvent(text, 1_048_576, 3);
    const steps: Array<[string, number]> = [
      ["JSON.parse of the frame", measure(() => JSON.parse(text))],
      ["frameEvent (size check + parse + type)", measure(() => frameEvent(text, 1_048_576, 3))],
      ["xstate transition() (paired, RELAY), as before", measure(() => transition(noEffects, paired, event))],
      ["pureTransitions (paired, RELAY), as now", measure(() => connectionSteps.transition(paired, event))],
      ["state value compare (2× JSON.stringify)", measure(() => JSON.stringify(paired.value) !== JSON.stringify(afterRelay.value))],
      ["persist check (JSON.stringify attachment)", measure(() => JSON.stringify(attachmentOf(afterRelay)))],
      ["serializeAttachment stand-in (structuredClone)", measure(() => structuredClone(pairedAttachment))],
      ["earliestDeadline", measure(() => earliestDeadline(afterRelay.context.deadlines))],
    ];
    const whole = measure(() => relayOneFrame(paired, text, 3, persisted));
    console.log(`\nrelay of one ${name} frame: ${(whole / 1000).toFixed(2)} µs for the shell's steps as now (the attachment is written about once a second per socket)`);
    report(steps, whole);
  }

  const [initial] = initialTransition(noEffects, { connectionId: "01J0000000000000000000000A", roomId: "room-1", now: 0, settings: SETTINGS });
  const registerEvent = frameEvent(REGISTER_TEXT, 1_048_576, 1) as ConnectionEvent;
  const [joining] = transition(noEffects, initial, registerEvent);
  const [emptyRoom] = initialTransition(roomMachine, { occupants: [] });
  const registerSteps: Array<[string, number]> = [
    ["initialTransition() (socket accepted), as before", measure(() => initialTransition(noEffects, { connectionId: "01J0000000000000000000000A", roomId: "room-1", now: 0, settings: SETTINGS }))],
    ["pureTransitions.initialTransition, as now", measure(() => connectionSteps.initialTransition({ connectionId: "01J0000000000000000000000A", roomId: "room-1", now: 0, settings: SETTINGS }))],
    ["parseClientFrame (register, valibot)", measure(() => parseClientFrame(REGISTER_TEXT, 1))],
    ["transition() REGISTER, as before", measure(() => transition(noEffects, initial, registerEvent))],
    ["pureTransitions REGISTER, as now", measure(() => connectionSteps.transition(initial, registerEvent))],
    ["room transition() JOIN, as before", measure(() => transition(roomMachine, emptyRoom, { type: "JOIN", connectionId: "a", standalone: false }))],
    ["room pureTransitions JOIN, as now", measure(() => roomSteps.transition(emptyRoom, { type: "JOIN", connectionId: "a", standalone: false }))],
    ["pureTransitions SLOT_GRANTED, as now", measure(() => connectionSteps.transition(joining, { type: "SLOT_GRANTED", at: 2, isExistUser: false, peerId: null }))],
    ["acceptFrame", measure(() => acceptFrame("01J0000000000000000000000A", false, null))],
    ["log line (JSON.stringify only)", measure(() => JSON.stringify({ level: "info", event: "connection.state", roomId: "room-1", connectionId: "01J0000000000000000000000A", from: { active: "joining" }, to: { active: "waiting" }, on: "SLOT_GRANTED" }))],
    ["persist (JSON.stringify + structuredClone)", measure(() => structuredClone(JSON.parse(JSON.stringify(pairedAttachment))))],
  ];
  console.log("\nregister → accept, pure steps (the shell also writes the alarm twice and logs 5 lines):");
  report(registerSteps);
  void sink;
}

main();
