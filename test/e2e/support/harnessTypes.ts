// The shape of window.harness (test/e2e/harness/harness.js) and of the recorded WebSocket frames, for the
// functions the tests evaluate inside the page.

export interface JoinOptions {
  signalingUrl: string;
  roomId: string;
  /** Default: a random UUID, like the SDK's own default. */
  clientId?: string;
  /** Send and receive the fake camera and microphone; otherwise data only. */
  media?: boolean;
  standalone?: boolean;
  signalingKey?: string;
  authnMetadata?: unknown;
}

export type HarnessEvent =
  | { kind: "open"; authzMetadata: unknown }
  | { kind: "channelOpen"; label: string }
  | { kind: "connect" | "bye" | "connectResolved" }
  | { kind: "disconnect"; reason: string }
  | { kind: "addstream"; kinds: string[] }
  | { kind: "connectRejected"; error: string };

export type RecordedFrame =
  | { socket: number; at: number; kind: "create"; url: string }
  | { socket: number; at: number; kind: "open" | "error" }
  | { socket: number; at: number; kind: "in" | "out"; data: string }
  | { socket: number; at: number; kind: "closed"; code: number; reason: string; wasClean: boolean }
  | { socket: number; at: number; kind: "close()"; code?: number; reason?: string };

export interface InboundMedia {
  audioBytes: number;
  videoFramesDecoded: number;
}

interface Harness {
  events: HarnessEvent[];
  received: string[];
  join(options: JoinOptions): Promise<void>;
  send(text: string): void;
  channelState(): string;
  leave(): Promise<void>;
  remoteTrackKinds(): string[];
  remoteVideoWidth(): number;
  inboundMedia(): Promise<InboundMedia>;
  iceServers(): unknown;
  peerConnectionState(): string;
}

export interface HarnessGlobal {
  harness: Harness;
}

/** What recordWebSocketFrames.js adds to every page. */
export interface RecordedFramesGlobal {
  __wsFrames: RecordedFrame[];
}
