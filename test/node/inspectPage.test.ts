// The inspector page (public/inspect.js) and the server (src/protocol/inspect.ts) agree on the subprotocols a
// browser sends: the page is plain JavaScript served as it is, so it spells them out instead of importing them.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { BEARER_PROTOCOL_PREFIX, INSPECT_PROTOCOL } from "../../src/protocol/inspect";

const page = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), "../../public/inspect.js"), "utf8");

test("the page asks for the inspector's subprotocol and sends its token as the bearer subprotocol", () => {
  expect(page).toContain(`const PROTOCOL = "${INSPECT_PROTOCOL}";`);
  expect(page).toContain(`[PROTOCOL, \`${BEARER_PROTOCOL_PREFIX}\${token}\`]`);
});
