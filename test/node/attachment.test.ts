// What a socket carries through hibernation (src/room/attachment.ts): written from the machine's snapshot, read
// back only when it has this deployment's version and shape. The closes that follow a refused attachment are
// tested against the real object in test/worker-limits/faults.test.ts; here, which attachments are refused and
// what the log line says about them.
import { describe, expect, it } from "vitest";
import { ATTACHMENT_VERSION, type ConnectionAttachment, readAttachment, toAttachment } from "../../src/room/attachment";
import { PAIRED, PEER, paired, start } from "./connectionMachine.support";

/** A hibernated socket as the registry reads it: only its attachment matters here. */
const socketWith = (attachment: unknown) => ({ deserializeAttachment: () => attachment }) as unknown as WebSocket;
const HEADERS: Array<[string, string]> = [["x-custom-token", "t"]];
const OCCUPANTS = [
  { connectionId: "a", standalone: false },
  { connectionId: "b", standalone: true },
];

const written = (): ConnectionAttachment => toAttachment(PAIRED, paired().context, HEADERS, OCCUPANTS);
/** An attachment as JSON brings it back: any field may be rewritten, whatever its type. */
// biome-ignore lint/suspicious/noExplicitAny: the tests write values of the wrong type on purpose.
type Rewritable = Record<string, any>;

/** A written attachment with one part replaced, as JSON would bring it back. */
const withPart = (change: (attachment: Rewritable) => void): unknown => {
  const attachment = JSON.parse(JSON.stringify(written()));
  change(attachment);
  return attachment;
};

describe("toAttachment", () => {
  it("keeps the state value, the context without its settings, the headers and the occupants", () => {
    const { settings: _settings, ...context } = paired().context;
    expect(written()).toEqual({
      v: ATTACHMENT_VERSION,
      value: PAIRED,
      context,
      headers: HEADERS,
      occupants: OCCUPANTS,
    });
  });

  it("leaves out the occupants when there are none to remember (a socket without a slot)", () => {
    expect(toAttachment({ active: "awaitingRegister" }, start().context, [], undefined)).not.toHaveProperty(
      "occupants",
    );
  });

  it("copies the occupants, so that a later change of the room's list does not change what was written", () => {
    const occupants = [...OCCUPANTS];
    const attachment = toAttachment(PAIRED, paired().context, HEADERS, occupants);
    occupants.pop();
    expect(attachment.occupants).toEqual(OCCUPANTS);
  });
});

describe("readAttachment", () => {
  it("reads back what was written, through JSON as the runtime stores it", () => {
    const attachment = JSON.parse(JSON.stringify(written()));
    expect(readAttachment(socketWith(attachment))).toEqual({ kind: "ok", attachment: written() });
    expect(readAttachment(socketWith(attachment))).toMatchObject({ attachment: { context: { peerId: PEER } } });
  });

  it("reads an attachment without occupants", () => {
    const attachment = withPart((a) => delete a.occupants);
    expect(readAttachment(socketWith(attachment))).toEqual({ kind: "ok", attachment });
  });

  it("reads a nested state value, and a grant with anything in it", () => {
    const attachment = withPart((a) => {
      a.value = { active: { accepted: { pinged: "paired" } } };
      a.context.grant = { iceServers: [{ urls: "stun:x" }], authzMetadata: { any: ["thing"] } };
    });
    expect(readAttachment(socketWith(attachment))).toEqual({ kind: "ok", attachment });
  });

  it("is finished, not unusable, for a socket whose machine finished or never started (null or nothing)", () => {
    expect(readAttachment(socketWith(null))).toEqual({ kind: "finished" });
    expect(readAttachment(socketWith(undefined))).toEqual({ kind: "finished" });
  });

  it("names the version of an attachment from another deployment", () => {
    expect(readAttachment(socketWith(withPart((a) => (a.v = 1))))).toEqual({ kind: "unusable", problem: "version 1" });
    expect(readAttachment(socketWith(withPart((a) => (a.v = "2"))))).toEqual({
      kind: "unusable",
      problem: 'version "2"',
    });
  });

  it("says there is no version on an attachment without one, or one that is not an object", () => {
    expect(readAttachment(socketWith(withPart((a) => delete a.v)))).toEqual({
      kind: "unusable",
      problem: "version none",
    });
    expect(readAttachment(socketWith("garbage"))).toEqual({ kind: "unusable", problem: "version none" });
    expect(readAttachment(socketWith(2))).toEqual({ kind: "unusable", problem: "version none" });
  });

  it("names where the shape of an attachment of this version is wrong, never the value found there", () => {
    const problem = (change: (a: Rewritable) => void) => readAttachment(socketWith(withPart(change)));
    expect(problem((a) => (a.context.deadlines.read = "soon"))).toEqual({
      kind: "unusable",
      problem: "shape: context.deadlines.read",
    });
    expect(problem((a) => (a.context.peerId = 7))).toEqual({ kind: "unusable", problem: "shape: context.peerId" });
    expect(problem((a) => (a.context.settings = {}))).toEqual({ kind: "unusable", problem: "shape: context.settings" });
    expect(problem((a) => (a.headers = [["x", 1]]))).toEqual({ kind: "unusable", problem: "shape: headers.0.1" });
    expect(problem((a) => (a.occupants = [{ connectionId: "a" }]))).toEqual({
      kind: "unusable",
      problem: "shape: occupants.0.standalone",
    });
    expect(problem((a) => (a.value = 3))).toEqual({ kind: "unusable", problem: "shape: value" });
  });

  it("refuses every field the schema does not know, at any level", () => {
    const problem = (change: (a: Rewritable) => void) => readAttachment(socketWith(withPart(change)));
    expect(problem((a) => (a.extra = 1))).toEqual({ kind: "unusable", problem: "shape: extra" });
    expect(problem((a) => (a.context.deadlines.later = 1))).toEqual({
      kind: "unusable",
      problem: "shape: context.deadlines.later",
    });
    expect(problem((a) => (a.occupants[0].extra = 1))).toEqual({
      kind: "unusable",
      problem: "shape: occupants.0.extra",
    });
  });

  it("says an attachment that cannot be read is unreadable, with the runtime's error", () => {
    const throwing = {
      deserializeAttachment: () => {
        throw new Error("corrupt");
      },
    } as unknown as WebSocket;
    expect(readAttachment(throwing)).toEqual({ kind: "unusable", problem: "unreadable: Error: corrupt" });
  });
});
