// The figures as a terminal table, a Markdown table and an SVG bar chart of the ratios.
import { AIM_RATIO, type Figure } from "./figures";

export interface RunInfo {
  date: string;
  mode: "quick" | "full";
  rounds: number;
  server: string;
  machine: string;
}

export function formatValue(value: number | null, unit: string): string {
  if (value === null) return "n/a";
  if (unit === "ms") return value < 10 ? value.toFixed(2) : value.toFixed(1);
  if (unit === "KiB" || unit === "% of a core" || unit === "µs") return value.toFixed(1);
  if (unit === "×") return value.toFixed(2);
  return value >= 100 ? Math.round(value).toString() : value.toFixed(1);
}

function formatRatio(figure: Figure): string {
  return figure.ratio === null ? "n/a" : `${figure.ratio.toFixed(2)}×`;
}

function verdict(figure: Figure): string {
  if (figure.serverAim !== undefined && figure.server !== null) {
    return `${figure.server <= figure.serverAim ? "ok" : "over"} (≤ ${figure.serverAim}×)`;
  }
  if (!figure.aimed || figure.ratio === null) return "";
  return figure.ratio <= AIM_RATIO ? "ok" : "over";
}

function rows(figures: readonly Figure[]): string[][] {
  return figures.map((f) => [
    `${f.label} (${f.unit})`,
    formatValue(f.server, f.unit),
    formatValue(f.baseline, f.unit),
    formatRatio(f),
    verdict(f),
  ]);
}

const HEADER = ["figure", "server", "baseline", "ratio", `≤ ${AIM_RATIO}×`];

export function textTable(figures: readonly Figure[]): string {
  const all = [HEADER, ...rows(figures)];
  // A row without a cell in a column (none so far) would take no width there.
  const widths = HEADER.map((_, column) => Math.max(...all.map((row) => row[column]?.length ?? 0)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join("  ");
  return [line(HEADER), widths.map((w) => "-".repeat(w)).join("  "), ...all.slice(1).map(line)].join("\n");
}

export function markdownTable(figures: readonly Figure[]): string {
  const escapeCell = (cell: string) => cell.replaceAll("|", "\\|");
  return [
    `| ${HEADER.join(" | ")} |`,
    "| --- | ---: | ---: | ---: | :---: |",
    ...rows(figures).map((row) => `| ${row.map(escapeCell).join(" | ")} |`),
  ].join("\n");
}

function xml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/** Horizontal bars: for each figure, how many times costlier the server is than the baseline. */
/** Where the chart's axis ends (ratios beyond are cut). */
const AXIS_END = 4;

export function svgChart(figures: readonly Figure[], info: RunInfo): string {
  const shown = figures.filter((f) => f.ratio !== null);
  const labelWidth = 300;
  const barWidth = 420;
  const valueWidth = 284;
  const rowHeight = 24;
  const top = 70;
  const width = labelWidth + barWidth + valueWidth;
  const height = top + shown.length * rowHeight + 66;
  // The axis ends at 4×: a single tail (a max of 30×) would otherwise squeeze every other bar to a sliver.
  // Longer bars run to the end and say so.
  const maxRatio = Math.max(2, ...shown.map((f) => f.ratio ?? 0));
  const scale = Math.min(AXIS_END, Math.ceil(maxRatio * 2) / 2);
  const x = (ratio: number) => labelWidth + (Math.min(ratio, scale) / scale) * barWidth;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="24" font-size="16" font-weight="bold">Ayame-DO vs. a bare Durable Object relay: cost ratio (1 = as fast as the baseline)</text>`,
    `<text x="12" y="46" fill="#555">${xml(`${info.date} · ${info.mode} run, ${info.rounds} A/B rounds · server: ${info.server} · ${info.machine}`)}</text>`,
  );
  const step = 0.5;
  for (let tick = 0; tick <= scale; tick += step) {
    const tx = x(tick);
    parts.push(
      `<line x1="${tx}" y1="${top - 8}" x2="${tx}" y2="${top + shown.length * rowHeight}" stroke="#e4e4e4"/>`,
      `<text x="${tx}" y="${top + shown.length * rowHeight + 16}" text-anchor="middle" fill="#777">${tick}×</text>`,
    );
  }
  shown.forEach((figure, index) => {
    const y = top + index * rowHeight;
    const ratio = figure.ratio ?? 0;
    const colour = !figure.aimed ? "#8fa8c8" : ratio <= AIM_RATIO ? "#4caf50" : "#f08c00";
    const values = `${formatValue(figure.server, figure.unit)} vs ${formatValue(figure.baseline, figure.unit)} ${figure.unit}`;
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${xml(figure.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${Math.max(1, x(ratio) - labelWidth).toFixed(1)}" height="${rowHeight - 8}" fill="${colour}"/>`,
      `<text x="${x(ratio) + 6}" y="${y + 16}">${xml(`${ratio.toFixed(2)}×${ratio > scale ? " ▸" : ""}`)}</text>`,
      `<text x="${labelWidth + barWidth + 80}" y="${y + 16}" fill="#555">${xml(values)}</text>`,
    );
  });
  const bottom = top + shown.length * rowHeight;
  parts.push(
    `<line x1="${x(1)}" y1="${top - 8}" x2="${x(1)}" y2="${bottom}" stroke="#333"/>`,
    `<line x1="${x(AIM_RATIO)}" y1="${top - 8}" x2="${x(AIM_RATIO)}" y2="${bottom}" stroke="#c00" stroke-dasharray="4 3"/>`,
    `<text x="${x(AIM_RATIO) + 4}" y="${top - 12}" fill="#c00">aim ${AIM_RATIO}×</text>`,
    `<text x="12" y="${height - 28}" fill="#777">${xml("Bars: server cost ÷ baseline cost (latency, CPU and memory: server/baseline; throughput: baseline/server).")}</text>`,
    `<text x="12" y="${height - 10}" fill="#777">${xml(`Grey-blue: figures the aim does not cover (idle). ▸: beyond ${AXIS_END}×, the bar is cut at the axis's end.`)}</text>`,
    "</svg>",
  );
  return `${parts.join("\n")}\n`;
}

export function tableMarkers(logLevel: string): [string, string] {
  return [`<!-- bench-table:${logLevel}:start -->`, `<!-- bench-table:${logLevel}:end -->`];
}

/** Replaces the table between the markers of one log level (`<!-- bench-table:info:start -->` …). */
export function withTable(
  markdown: string,
  figures: readonly Figure[],
  info: RunInfo,
  logLevel: string,
): string | undefined {
  const [startMarker, endMarker] = tableMarkers(logLevel);
  const start = markdown.indexOf(startMarker);
  const end = markdown.indexOf(endMarker);
  if (start < 0 || end < start) return undefined;
  const table = `${startMarker}\n_${info.date}, ${info.mode} run, ${info.rounds} A/B rounds, LOG_LEVEL=${logLevel}, ${info.machine}._\n\n${markdownTable(figures)}\n`;
  return markdown.slice(0, start) + table + markdown.slice(end);
}
