// The module boundaries of docs/architecture.md, checked: which folder may import what. A decision that
// needs an import this table forbids is in the wrong place (docs/architecture.md says where it belongs).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url).href);

/** Folder (or file) → what its modules may import: other folders of the repo, or packages. */
const RULES: Array<{ from: string; may: string[] }> = [
  { from: "machines/", may: ["machines/", "xstate"] },
  { from: "src/log.ts", may: [] },
  { from: "src/protocol/", may: ["src/protocol/", "machines/", "valibot"] },
  { from: "src/config.ts", may: ["src/configVars.ts", "src/log.ts", "machines/", "valibot"] },
  { from: "src/configVars.ts", may: ["src/log.ts", "valibot"] },
  { from: "src/webhooks/", may: ["src/webhooks/", "src/protocol/", "src/config.ts", "src/log.ts", "machines/", "valibot"] },
  // How the shell steps the machines: xstate's own steps, shared by the room and the edge's register router.
  { from: "src/stepping/", may: ["src/stepping/", "machines/", "xstate"] },
  // What an inspector sees: built from the machines alone, redacted.
  { from: "src/inspect/", may: ["src/inspect/", "machines/", "xstate"] },
  {
    from: "src/room/",
    may: ["src/room/", "src/stepping/", "src/inspect/", "machines/", "src/protocol/", "src/config.ts", "src/log.ts", "src/webhooks/", "xstate", "valibot", "ulidx", "cloudflare:workers"],
  },
  // The Worker entry and the edge see a room only through its Durable Object class and its routing header.
  { from: "src/", may: ["src/", "machines/", "valibot", "xstate", "cloudflare:workers"] },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)].map((match) => {
    const specifier = match[1]!;
    if (!specifier.startsWith(".")) return specifier;
    const path = relative(root, normalize(join(root, dirname(file), specifier))).replaceAll("\\", "/");
    return path.endsWith(".ts") ? path : `${path}.ts`;
  });
}

const ruleFor = (file: string) => RULES.find(({ from }) => (from.endsWith("/") ? file.startsWith(from) : file === from));
const allowed = (may: string[], target: string) => may.some((entry) => (entry.endsWith("/") ? target.startsWith(entry) : target === entry));

describe("module boundaries (docs/architecture.md)", () => {
  const files = [...sourceFiles("machines"), ...sourceFiles("src")];

  it("has a rule for every module", () => {
    expect(files.filter((file) => !ruleFor(file))).toEqual([]);
  });

  it.each(files)("%s imports only what its folder may", (file) => {
    const rule = ruleFor(file)!;
    const forbidden = importsOf(file).filter((target) => !allowed(rule.may, target));
    expect(forbidden).toEqual([]);
  });

  it("keeps the Worker entry out of a room's internals", () => {
    const outside = files.filter((file) => !file.startsWith("src/room/") && file.startsWith("src/"));
    const reaching = outside.flatMap((file) => importsOf(file).filter((t) => t.startsWith("src/room/") && t !== "src/room/RoomDurableObject.ts").map((t) => `${file} → ${t}`));
    expect(reaching).toEqual([]);
  });
});
