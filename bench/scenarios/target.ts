// What a scenario measures: one Ayame server, reachable on loopback.

export interface Target {
  /** "server" is the service under test (ours, or `--url`); "baseline" is bench/baseline. */
  role: "server" | "baseline";
  /** http(s)/ws(s) URL of the server. */
  url: string;
  /** The process group of its `wrangler dev`, when the bench started it (for memory and CPU). */
  processGroup: number | undefined;
  /**
   * `--watched` (our server only): connects an inspector to a room before its clients join, and resolves with
   * what closes it (bench/roomInspectors.ts).
   */
  watch?: (roomId: string) => Promise<() => Promise<void>>;
}
