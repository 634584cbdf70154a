// Connection ids are ULIDs, as in Go Ayame. ulidx asks its random source for one byte per character (16
// `crypto.getRandomValues` calls per id by default); this source hands out bytes of one pooled call instead.
import { ulid } from "ulidx";

const pool = new Uint8Array(256);
/** The pool's bytes read as numbers: out of range is a RangeError, never undefined. */
const poolBytes = new DataView(pool.buffer);
let next = pool.length;

/** A uniform value in [0, 1) from the next random byte: ulidx takes `floor(value × 32)`, the byte's top five bits. */
function pooledRandom(): number {
  // Filled on first use, not at module load: Workers allow no random values in the global scope.
  if (next === pool.length) {
    crypto.getRandomValues(pool);
    next = 0;
  }
  return poolBytes.getUint8(next++) / 256;
}

export function newConnectionId(): string {
  return ulid(undefined, pooledRandom);
}
