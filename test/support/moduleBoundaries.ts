// Which module may import what: checked by test/node/imports.test.ts, and the table "Modules and what they
// may import" of docs/architecture.md is generated from it (`npm run diagrams`, scripts/moduleTable.ts). A
// decision that needs an import this list forbids is in the wrong place (docs/architecture.md says where it
// belongs).

export interface ModuleRule {
  /** A folder (ending in `/`) or one file. A module takes the first rule that names it or a folder of it. */
  from: string;
  /** What the module holds, for the table in docs/architecture.md. */
  holds: string;
  /** The folders, files and packages its modules may import. */
  may: string[];
  /** Entries of `may` from which only types may be imported (`import type`, or `type` on every name). */
  typesOnly?: string[];
  /** A folder of `may` of which only these files may be imported. */
  only?: { under: string; files: string[] };
}

export const MODULE_RULES: ModuleRule[] = [
  {
    from: "machines/",
    holds:
      "the machines (static literals, one per file, Stately imports them), their types, deadlines, restore, admission",
    may: ["machines/", "xstate"],
  },
  { from: "src/log.ts", holds: "one JSON line per event, `LOG_LEVEL`", may: [] },
  {
    from: "src/protocol/",
    holds:
      "valibot schemas: client frames → machine events, server frames, webhook bodies, ICE servers, the inspector's subprotocol; the room-id rule",
    may: ["src/protocol/", "machines/", "valibot"],
    typesOnly: ["machines/"],
  },
  {
    from: "src/config.ts",
    holds:
      "Worker vars → typed, frozen config; `connectionSettings`, the one place config becomes the machines' settings",
    may: ["src/configVars.ts", "src/log.ts", "machines/", "valibot"],
    typesOnly: ["machines/"],
  },
  { from: "src/configVars.ts", holds: "how each kind of variable is read", may: ["src/log.ts", "valibot"] },
  {
    from: "src/webhooks/",
    holds:
      "outbound HTTP: the authentication and disconnect webhooks, TURN credentials (timeouts, answer size, outcome mapping)",
    may: ["src/webhooks/", "src/protocol/", "src/config.ts", "src/log.ts", "machines/", "valibot"],
    typesOnly: ["machines/"],
  },
  {
    from: "src/stepping/",
    holds:
      "how the shell steps the machines: xstate's own steps through one scope per machine and isolate, targetless ones derived from the definition; shared by the room and the register router",
    may: ["src/stepping/", "machines/", "xstate"],
  },
  {
    from: "src/inspect/",
    holds: "what an inspector sees: Stately inspection events built from the machines alone, redacted",
    may: ["src/inspect/", "machines/", "xstate"],
  },
  {
    from: "src/room/",
    holds:
      "the Durable Object: hooks, runtime wiring, registry (attachments), interpreter (queue, steps), effects, alarm",
    may: [
      "src/room/",
      "src/stepping/",
      "src/inspect/",
      "machines/",
      "src/protocol/",
      "src/config.ts",
      "src/log.ts",
      "src/webhooks/",
      "xstate",
      "valibot",
      "ulidx",
      "cloudflare:workers",
    ],
  },
  {
    // The Worker entry and the edge see a room only through its Durable Object class and its routing header.
    from: "src/",
    holds:
      "the Worker entry (`src/index.ts`: `/.ok`, routing, class exports), `src/routing.ts`, `src/configWarnings.ts`, and `src/edge/`: `Origin` policy, upgrade rate limit, who may inspect, the register router for stock URLs",
    may: ["src/", "machines/", "valibot", "xstate", "cloudflare:workers"],
    only: { under: "src/room/", files: ["src/room/RoomDurableObject.ts"] },
  },
];

const covers = (entry: string, path: string) => (entry.endsWith("/") ? path.startsWith(entry) : path === entry);

/** The rule a module (a path from the repository root) falls under. */
export const ruleFor = (file: string) => MODULE_RULES.find(({ from }) => covers(from, file));

/** Whether a module under `rule` may import `target` (a path from the repository root, or a package). */
export function mayImport(rule: ModuleRule, target: string, typeOnly: boolean): boolean {
  const entry = rule.may.find((may) => covers(may, target));
  if (entry === undefined) return false;
  if (rule.typesOnly?.includes(entry) && !typeOnly) return false;
  return !(rule.only && covers(rule.only.under, target) && !rule.only.files.includes(target));
}
