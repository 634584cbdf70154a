// Serves the e2e harness page and the SDK straight from node_modules on a loopback port, or other files of
// the project (the Stately receiver page of the inspector scenario). A page on http://127.0.0.1 is a secure
// context, which the SDK needs (crypto.randomUUID, getUserMedia).

import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export type Routes = Record<string, { file: string; type: string }>;

const harnessRoutes: Routes = {
  "/": { file: "test/e2e/harness/index.html", type: "text/html; charset=utf-8" },
  "/harness.js": { file: "test/e2e/harness/harness.js", type: "text/javascript; charset=utf-8" },
  "/sdk/ayame.mjs": {
    file: "node_modules/@open-ayame/ayame-web-sdk/dist/ayame.mjs",
    type: "text/javascript; charset=utf-8",
  },
};

export interface StaticServer {
  url: string;
  stop(): Promise<void>;
}

export function startHarnessServer(): Promise<StaticServer> {
  return startStaticServer(harnessRoutes);
}

/** Serves each route's file (a path from the project root), read anew on every request. */
export async function startStaticServer(routes: Routes): Promise<StaticServer> {
  const server = createServer(async (request, response) => {
    const route = routes[new URL(request.url ?? "/", "http://127.0.0.1").pathname];
    if (!route) {
      response.writeHead(404).end();
      return;
    }
    const body = await readFile(`${projectRoot}/${route.file}`);
    response.writeHead(200, { "content-type": route.type, "cache-control": "no-store" }).end(body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("harness server has no address");
  return {
    url: `http://127.0.0.1:${address.port}`,
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
