// One rule for a room id, wherever it comes from: `?roomId=`, the `CF-Room-Id` header (src/routing.ts), or
// the `register` frame of a socket on a stock URL, which is routed by it (./clientFrames.ts). A room id is a
// Durable Object name, and it travels to the object in a header: nothing here changes an id, an id that
// would be changed on the way (header values lose surrounding whitespace) is refused, not repaired.
import * as v from "valibot";

/** A room name is a Durable Object name; refuse abuse early. */
export const MAX_ROOM_ID_BYTES = 255;

/** C0 controls, DEL and C1 controls: a header refuses some (an uncaught TypeError) and could change others. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to find control characters in a room id.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** What is wrong with a room id (never the id itself), or undefined. */
export function roomIdProblem(roomId: string): string | undefined {
  if (roomId === "") return "must not be empty";
  if (new TextEncoder().encode(roomId).byteLength > MAX_ROOM_ID_BYTES) return `longer than ${MAX_ROOM_ID_BYTES} bytes`;
  if (CONTROL_CHARACTER.test(roomId)) return "contains a control character";
  // String.prototype.trim knows every Unicode space (U+00A0, U+3000, U+FEFF, …), not only HTTP's.
  if (roomId.trim() !== roomId) return "starts or ends with whitespace";
  return undefined;
}

/** The rule as a schema, for frames: its issue says what is wrong, never the value. */
export const RoomIdSchema = v.pipe(
  v.string(),
  v.rawCheck(({ dataset, addIssue }) => {
    const problem = dataset.typed ? roomIdProblem(dataset.value) : undefined;
    if (problem) addIssue({ message: problem });
  }),
);
