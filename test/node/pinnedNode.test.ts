// npm puts node_modules/.bin first on PATH for every script, and the devDependency `node` puts its Node
// there, so `npm test` runs on the pinned Node even when the system Node is older (README, Quick start).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const packageJson = resolve(dirname(fileURLToPath(import.meta.url)), "../../package.json");

test("the tests run on the Node pinned in package.json devDependencies.node, not on the system Node", () => {
  const pinned: unknown = JSON.parse(readFileSync(packageJson, "utf8")).devDependencies.node;
  expect(process.version).toBe(`v${String(pinned)}`);
});
