import { exports } from "cloudflare:workers";
import { expect, it } from "vitest";

it("answers /.ok with 200", async () => {
  const res = await exports.default.fetch("http://x/.ok");
  expect(res.status).toBe(200);
});

it("accepts a register and sends accept", async () => {
  const res = await exports.default.fetch("http://x/signaling?roomId=r1", { headers: { upgrade: "websocket" } });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  const frames: string[] = [];
  const got = new Promise<void>((resolve) => ws.addEventListener("message", (e) => { frames.push(e.data as string); resolve(); }));
  ws.send(JSON.stringify({ type: "register", roomId: "r1", clientId: "a" }));
  await got;
  expect(JSON.parse(frames[0]!)).toMatchObject({ type: "accept", isExistUser: false, isExistClient: false });
});
