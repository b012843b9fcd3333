/**
 * Describes the machine a benchmark ran on: CPU model, cores, memory, OS, runtime versions,
 * load average and date.
 *
 * @module
 */

import { runText } from "./proc.ts";

/** The machine and runtimes of a benchmark run. */
export interface MachineInfo {
  /** CPU model name from `/proc/cpuinfo`. */
  cpu: string;
  /** Logical cores available. */
  cores: number;
  /** Total memory in GiB. */
  memoryGiB: number;
  /** Kernel and architecture. */
  os: string;
  /** Runtime versions. */
  deno: string;
  bun: string;
  node: string;
  esbuild: string;
  /** The official SDK version compared against. */
  officialSdk: string;
  /** 1-minute load average when the run started. */
  loadAverageAtStart: number;
  /** ISO date of the run. */
  date: string;
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}

/**
 * The 1-minute load average from `/proc/loadavg` (NaN when unavailable).
 *
 * @example
 * ```ts
 * import { loadAverage } from "./machine.ts";
 * console.log(loadAverage());
 * ```
 */
export function loadAverage(): number {
  try {
    return Number(Deno.readTextFileSync("/proc/loadavg").split(" ")[0]);
  } catch {
    return NaN;
  }
}

/**
 * Collects {@linkcode MachineInfo}.
 *
 * @example
 * ```ts
 * import { machineInfo } from "./machine.ts";
 * console.log((await machineInfo("/work/main/.tools")).cpu);
 * ```
 */
export async function machineInfo(toolsDir: string): Promise<MachineInfo> {
  let cpu = "unknown";
  try {
    const match = Deno.readTextFileSync("/proc/cpuinfo").match(/^model name\s*:\s*(.+)$/m);
    if (match) cpu = match[1].trim();
  } catch {
    // not Linux
  }
  const sdkPackage = JSON.parse(
    Deno.readTextFileSync(`${toolsDir}/node_modules/purecloud-platform-client-v2/package.json`),
  ) as { version: string };
  return {
    cpu,
    cores: navigator.hardwareConcurrency,
    memoryGiB: Math.round(Deno.systemMemoryInfo().total / 2 ** 30 * 10) / 10,
    os: `${Deno.build.os} ${Deno.osRelease()} ${Deno.build.arch}`,
    deno: Deno.version.deno,
    bun: firstLine(await runText("bun", ["--version"])),
    node: firstLine(await runText("node", ["--version"])),
    esbuild: firstLine(await runText("esbuild", ["--version"])),
    officialSdk: sdkPackage.version,
    loadAverageAtStart: loadAverage(),
    date: new Date().toISOString(),
  };
}
