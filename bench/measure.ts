/**
 * Small helpers shared by the benchmarks. Each benchmark runs in its own Node process (see
 * bench/run.ts), so peak RSS is that benchmark's own.
 */
import { performance } from 'node:perf_hooks'

/** Wall and CPU time of one run of `fn`. */
export interface Timing {
  wallMs: number
  cpuMs: number
}

/** Runs `fn` once and measures wall and CPU time. */
export async function measure<T>(fn: () => T | Promise<T>): Promise<Timing & { result: T }> {
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const result = await fn()
  const wallMs = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, result }
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  // maxRSS is reported in KiB on Linux.
  return process.resourceUsage().maxRSS / 1024
}

/** Prints a titled two-column table of figures. */
export function report(title: string, rows: ReadonlyArray<readonly [string, string | number]>): void {
  const width = Math.max(...rows.map(([k]) => k.length))
  console.log(`\n## ${title}`)
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${typeof v === 'number' ? fmt(v) : v}`)
}

/** Formats a number with at most two decimals and thousands separators. */
export function fmt(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 })
}

/** Verdict string for a goal: `goal ≤ 1.5× → 1.21× (met)`. */
export function goal(label: string, value: number, limit: number, unit = '×'): string {
  return `${fmt(value)}${unit} (goal ≤ ${fmt(limit)}${unit}: ${value <= limit ? 'met' : 'NOT met'}) ${label}`.trim()
}
