// The inspector's frames are @statelyai/inspect's StatelyInspectionEvent (docs/inspector.md): stamped with the
// version of the package whose shapes they follow, so that an upgrade of the package is a conscious step.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { INSPECT_VERSION } from "../../src/inspect/inspectionEvents";

it("stamps every frame with the version of @statelyai/inspect that the page bundles", () => {
  const manifest = JSON.parse(
    readFileSync(
      fileURLToPath(new URL("../../node_modules/@statelyai/inspect/package.json", import.meta.url).href),
      "utf8",
    ),
  );
  expect(INSPECT_VERSION).toBe(manifest.version);
});
