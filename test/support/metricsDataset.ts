// A double of the Workers Analytics Engine binding (CONNECTION_METRICS), put where the real one would be: into the
// env that the Worker and the Durable Objects of the test project share (they run in the test's isolate). The
// object reads the binding at every write, so a double installed or removed while a room runs takes effect at once.
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import { BLOB_COLUMNS, DOUBLE_COLUMNS, firstBytes, MAX_INDEX_BYTES } from "../../src/room/connectionMetrics";

const bindings = env as unknown as Record<string, unknown>;

export interface MetricsDouble {
  /** Every data point written while installed, as written. */
  points: AnalyticsEngineDataPoint[];
  /** The data points of one room (its index), each once `count` of them arrived. */
  ofRoom(roomId: string, count: number): Promise<Array<Record<string, unknown>>>;
  remove(): void;
}

/** Installs a dataset that records every point, or that runs `write` instead (a throwing one, say). */
export function installMetricsDataset(write?: (point: AnalyticsEngineDataPoint) => void): MetricsDouble {
  const points: AnalyticsEngineDataPoint[] = [];
  bindings.CONNECTION_METRICS = {
    writeDataPoint(point: AnalyticsEngineDataPoint) {
      if (write) return write(point);
      points.push(structuredClone(point));
    },
  } satisfies AnalyticsEngineDataset;
  return {
    points,
    ofRoom: async (roomId, count) => {
      const ofRoom = () => points.filter((point) => point.indexes?.[0] === firstBytes(roomId, MAX_INDEX_BYTES));
      await vi.waitFor(() => expect(ofRoom().length).toBeGreaterThanOrEqual(count), { timeout: 5_000 });
      return ofRoom().map(named);
    },
    remove: () => void delete bindings.CONNECTION_METRICS,
  };
}

/** A data point with its columns named as src/room/connectionMetrics.ts writes them, and its index. */
function named(point: AnalyticsEngineDataPoint): Record<string, unknown> {
  return {
    index: point.indexes?.[0],
    ...Object.fromEntries(BLOB_COLUMNS.map(([name], i) => [name, point.blobs?.[i]])),
    ...Object.fromEntries(DOUBLE_COLUMNS.map(([name], i) => [name, point.doubles?.[i]])),
    blobCount: point.blobs?.length,
    doubleCount: point.doubles?.length,
  };
}
