// (2a) One-way relay latency: one frame at a time through one paired room, alternating direction, the
// clock read when the frame is handed to the socket and when the peer's socket delivers it.
import { type BenchSocket, openPair } from "../client";
import { CANDIDATE_FRAME, OFFER_FRAME } from "./frames";
import type { Target } from "./target";

export interface RelayLatencySamples {
  offer: number[];
  candidate: number[];
}

async function oneWay(from: BenchSocket, to: BenchSocket, text: string): Promise<number> {
  const sentAt = performance.now();
  from.send(text);
  const frame = await to.next(5_000);
  if (frame.text !== text) throw new Error(`relayed frame changed: ${frame.text.slice(0, 80)}`);
  return frame.at - sentAt;
}

export async function measureRelayLatency(
  target: Target,
  samples: number,
  deadline: number,
): Promise<RelayLatencySamples> {
  const { first, second } = await openPair(target.url, "latency");
  const result: RelayLatencySamples = { offer: [], candidate: [] };
  try {
    for (let i = 0; i < samples && performance.now() < deadline; i++) {
      const [from, to] = i % 2 === 0 ? [second, first] : [first, second];
      result.offer.push(await oneWay(from, to, OFFER_FRAME));
      result.candidate.push(await oneWay(from, to, CANDIDATE_FRAME));
    }
  } finally {
    await Promise.all([first.closeAndWait(), second.closeAndWait()]);
  }
  return result;
}
