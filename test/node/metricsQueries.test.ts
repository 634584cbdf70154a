// The metrics schema as the docs use it: the SQL queries in docs/observability.md and the Grafana dashboard
// (docs/grafana-dashboard.json) must read the dataset and the columns src/room/connectionMetrics.ts writes, by
// their positions, compare enumerated columns only with values the code writes, and weight by _sample_interval.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BLOB_COLUMNS, BLOB_VALUES, DOUBLE_COLUMNS, METRICS_DATASET } from "../../src/room/connectionMetrics";
import { defined } from "../support/defined";

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url).href), "utf8");
const observability = read("docs/observability.md");
const dashboard = JSON.parse(read("docs/grafana-dashboard.json")) as {
  __inputs: Array<{ pluginId: string }>;
  panels: Array<{ title: string; datasource: { type: string }; targets: Array<{ query: string }> }>;
};

const blobs = BLOB_COLUMNS.map(([name]) => name);
const doubles = DOUBLE_COLUMNS.map(([name]) => name);
const columnName = (kind: string, n: number) => (kind === "blob" ? blobs : doubles)[n - 1];

const documented = [...observability.matchAll(/```sql\n([\s\S]*?)```/g)].map((match) =>
  defined(match[1], "the query of an sql block"),
);
const charted = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.query));
const queries: Array<[string, string]> = [
  ...documented.map((sql, i) => [`docs/observability.md query ${i + 1}`, sql] as [string, string]),
  ...charted.map((sql, i) => [`dashboard query ${i + 1}`, sql] as [string, string]),
];

describe("the columns the code writes", () => {
  it("keep their positions: new ones are appended, never reordered (the docs, the dashboard and stored data rely on them)", () => {
    expect(blobs).toEqual([
      "outcome",
      "closeCode",
      "closedBy",
      "accepted",
      "rejectReason",
      "authn",
      "turn",
      "routing",
      "ayameClient",
      "libwebrtc",
      "roomId",
      "standalone",
      "approximate",
      "version",
    ]);
    expect(doubles).toEqual([
      "registerToAcceptMs",
      "lifetimeMs",
      "sentFrames",
      "sentBytes",
      "receivedFrames",
      "receivedBytes",
      "pings",
      "pongs",
      "authnMs",
      "turnMs",
    ]);
  });

  it("fit Analytics Engine's 20 blobs and 20 doubles", () => {
    expect(blobs.length).toBeLessThanOrEqual(20);
    expect(doubles.length).toBeLessThanOrEqual(20);
  });

  it("are the table in docs/observability.md, row by row", () => {
    const rows = [
      ...observability.matchAll(/^\| `(blob|double)(\d+)`(?:, `(?:blob|double)(\d+)`)? \| `(\w+)`(?:, `(\w+)`)? \|/gm),
    ];
    const table = rows.flatMap(([, kind, first, second, name, otherName]) => [
      [`${kind}${first}`, name],
      ...(second ? [[`${kind}${second}`, otherName]] : []),
    ]);
    expect(table).toEqual([
      ...blobs.map((name, i) => [`blob${i + 1}`, name]),
      ...doubles.map((name, i) => [`double${i + 1}`, name]),
    ]);
  });

  it("go to the dataset named in wrangler.toml's (commented) binding", () => {
    const toml = read("wrangler.toml");
    expect(toml).toMatch(
      /^# \[\[analytics_engine_datasets\]\]\n# binding = "CONNECTION_METRICS"\n# dataset = "(\w+)"$/m,
    );
    expect(toml.match(/^# dataset = "(\w+)"$/m)?.[1]).toBe(METRICS_DATASET);
  });
});

describe("the documented queries and the Grafana dashboard", () => {
  it("exist: the operator's questions in docs/observability.md, one query per panel", () => {
    expect(documented.length).toBeGreaterThanOrEqual(8);
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(8);
    expect(dashboard.panels.every((panel) => panel.targets.length === 1)).toBe(true);
  });

  it("chart through the data source Cloudflare documents for the SQL API (the Altinity ClickHouse plugin)", () => {
    expect(dashboard.__inputs.map((input) => input.pluginId)).toEqual(["vertamedia-clickhouse-datasource"]);
    expect(dashboard.panels.every((panel) => panel.datasource.type === "vertamedia-clickhouse-datasource")).toBe(true);
  });

  it.each(queries)("%s reads the dataset the code writes", (_, sql) => {
    expect(sql).toMatch(new RegExp(`\\bFROM ${METRICS_DATASET}\\b`));
  });

  it.each(queries)("%s reads only columns the code writes, named as the code names them", (_, sql) => {
    for (const [column, kind, n] of sql.matchAll(/\b(blob|double)(\d+)\b/g)) {
      expect(columnName(defined(kind, `the kind of ${column}`), Number(n)), `${kind}${n}`).toBeDefined();
    }
    for (const [column, kind, n, alias] of sql.matchAll(/\b(blob|double)(\d+)\s+AS\s+(\w+)/gi)) {
      expect(alias, `${kind}${n} AS ${alias}`).toBe(columnName(defined(kind, `the kind of ${column}`), Number(n)));
    }
  });

  it.each(queries)("%s compares enumerated columns only with values the code writes", (_, sql) => {
    const compared = [
      ...[...sql.matchAll(/\bblob(\d+)\s*(?:=|!=|<>)\s*'([^']*)'/g)].map(
        ([comparison, n, value]) => [Number(n), [defined(value, `the value of ${comparison}`)]] as const,
      ),
      ...[...sql.matchAll(/\bblob(\d+)\s+(?:NOT\s+)?IN\s*\(([^)]*)\)/gi)].map(
        ([comparison, n, list]) =>
          [
            Number(n),
            [...defined(list, `the list of ${comparison}`).matchAll(/'([^']*)'/g)].map((m) =>
              defined(m[1], `the value of ${m[0]}`),
            ),
          ] as const,
      ),
    ];
    for (const [n, values] of compared) {
      const allowed = BLOB_VALUES[columnName("blob", n) as keyof typeof BLOB_VALUES];
      if (allowed) for (const value of values) expect(allowed, `blob${n} = '${value}'`).toContain(value);
    }
  });

  it.each(queries)("%s weights every count, sum and quantile by _sample_interval", (_, sql) => {
    expect(sql, "count() ignores sampling: SUM(_sample_interval)").not.toMatch(/\bcount\s*\(/i);
    expect(sql, "avg() ignores sampling").not.toMatch(/\bavg\s*\(/i);
    for (const [call] of sql.matchAll(/\b(?:sum|sumIf)\s*\([^)]*\)/gi)) expect(call).toMatch(/\(\s*_sample_interval\b/);
    for (const [call] of sql.matchAll(/\bquantile\w*\s*\([^)]*\)/gi))
      expect(call).toMatch(/^quantileWeighted\([\d.]+, \w+, _sample_interval\)$/);
  });
});
