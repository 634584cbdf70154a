// Memory and CPU time of the processes of one `wrangler dev` (Linux /proc): workerd, which runs the Worker,
// and the rest (wrangler's Node process, which also prints every log line the Worker writes).
import { readdirSync, readFileSync } from "node:fs";

export interface WorkerdUsage {
  /** Sum of VmRSS. */
  residentBytes: number;
  /** Sum of user + system CPU time so far. */
  cpuSeconds: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

function residentBytes(pid: string): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Usage of the workerd processes in a process group; undefined when there are none (or no /proc). */
export function workerdUsage(processGroup: number): WorkerdUsage | undefined {
  return processGroupUsage(processGroup).workerd;
}

/** CPU seconds of a process group's processes so far, workerd and the others apart. */
export function cpuSecondsOf(processGroup: number | undefined): { workerd: number; others: number } | undefined {
  if (processGroup === undefined) return undefined;
  const usage = processGroupUsage(processGroup);
  if (!usage.workerd) return undefined;
  return { workerd: usage.workerd.cpuSeconds, others: usage.others?.cpuSeconds ?? 0 };
}

function processGroupUsage(processGroup: number): {
  workerd: WorkerdUsage | undefined;
  others: WorkerdUsage | undefined;
} {
  const groups: { workerd: WorkerdUsage | undefined; others: WorkerdUsage | undefined } = {
    workerd: undefined,
    others: undefined,
  };
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return groups;
  }
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // "pid (name) state ppid pgrp … utime stime …": the name may hold spaces, so split after the last ")".
    const nameEnd = stat.lastIndexOf(")");
    const name = stat.slice(stat.indexOf("(") + 1, nameEnd);
    const fields = stat.slice(nameEnd + 2).split(" ");
    if (Number(fields[2]) !== processGroup) continue;
    const group = name.startsWith("workerd") ? "workerd" : "others";
    const usage = groups[group] ?? { residentBytes: 0, cpuSeconds: 0 };
    groups[group] = usage;
    usage.residentBytes += residentBytes(pid);
    usage.cpuSeconds += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  }
  return groups;
}
