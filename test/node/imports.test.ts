// The module boundaries of docs/architecture.md, checked: which folder may import what
// (test/support/moduleBoundaries.ts, from which the doc's table is generated). A decision that needs an import
// the rules forbid is in the wrong place (docs/architecture.md says where it belongs).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defined } from "../support/defined";
import { mayImport, ruleFor } from "../support/moduleBoundaries";

const root = fileURLToPath(new URL("../../", import.meta.url).href);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** `import type { A }`, `import { type A, type B }`, `export type { A }`: nothing of it exists at run time. */
function isTypeOnly(clause: string): boolean {
  if (/^type\s/.test(clause)) return true;
  const names = /^\{([^}]*)\}\s*$/
    .exec(clause)?.[1]
    ?.split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  return names !== undefined && names.length > 0 && names.every((name) => name.startsWith("type "));
}

function importsOf(file: string): Array<{ target: string; typeOnly: boolean }> {
  const text = readFileSync(join(root, file), "utf8");
  // `import x from "m"`, `export { x } from "m"`, and `import "m"` (run for its effects).
  return [...text.matchAll(/^\s*(?:import|export)\s(?:([^;]*?)from\s+)?"([^"]+)"/gms)].map((match) => {
    const typeOnly = isTypeOnly((match[1] ?? "").trim());
    const specifier = defined(match[2], `the module named by ${match[0]}`);
    if (!specifier.startsWith(".")) return { target: specifier, typeOnly };
    const path = relative(root, normalize(join(root, dirname(file), specifier))).replaceAll("\\", "/");
    return { target: path.endsWith(".ts") ? path : `${path}.ts`, typeOnly };
  });
}

describe("module boundaries (docs/architecture.md)", () => {
  const files = [...sourceFiles("machines"), ...sourceFiles("src")];

  it("has a rule for every module", () => {
    expect(files.filter((file) => !ruleFor(file))).toEqual([]);
  });

  // One test per module: what its rule forbids (a folder, a value where only types may come, a room's
  // internals from outside the room).
  it.each(files)("%s imports only what its folder may", (file) => {
    const rule = defined(ruleFor(file), `a rule for ${file}`);
    const forbidden = importsOf(file)
      .filter(({ target, typeOnly }) => !mayImport(rule, target, typeOnly))
      .map(({ target, typeOnly }) => (typeOnly ? `type ${target}` : target));
    expect(forbidden).toEqual([]);
  });
});
