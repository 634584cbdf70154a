// The room's injected clock (RoomDurableObject's `now()`), for driving deadlines without waiting: set the
// time, then run the alarm. The instance is rebuilt after an eviction, so set the clock again after one.

import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";

export function roomStub(roomId: string): DurableObjectStub {
  return env.ROOMS_DO.get(env.ROOMS_DO.idFromName(roomId));
}

async function setRoomClock(stub: DurableObjectStub, at: number): Promise<void> {
  await runInDurableObject(stub, (instance: object) => Object.assign(instance, { now: () => at }));
}

/** Moves the room's clock to `at` and runs its alarm, as if the alarm had fired then. */
export async function alarmAt(stub: DurableObjectStub, at: number): Promise<boolean> {
  await setRoomClock(stub, at);
  return runDurableObjectAlarm(stub);
}

export function scheduledAlarm(stub: DurableObjectStub): Promise<number | null> {
  return runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());
}
