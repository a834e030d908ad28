import { writeFile } from 'node:fs/promises';
import type { Phase } from './phases.js';
import { percentile } from './stats.js';

/** What a figure is compared with, measured in the same run. */
export type Baseline = { name: string; value: number };

export type Row = {
  name: string;
  value: number;
  unit: string;
  baseline?: Baseline;
  /** value ÷ baseline. */
  ratio?: number;
  target?: string;
  meetsTarget?: boolean;
  note?: string;
};

/** % of one core by process: idle signed in before any call and again after the calls, while a call rings, and in a call. */
export type CpuByState = { idle: Map<string, number>; idleAfterCalls: Map<string, number>; ringing: Map<string, number>; inCall: Map<string, number> };
export type CpuRow = { process: string } & Record<keyof CpuByState, number>;
const STATES = ['idle', 'idleAfterCalls', 'ringing', 'inCall'] as const satisfies ReadonlyArray<keyof CpuByState>;

export type Results = { machine: Record<string, string | number>; run: Record<string, string | number>; rows: Row[]; cpuByProcess: CpuRow[]; phases: Phase[] };

/** A p95 from fewer samples than this is one of the two or three slowest: it is not reported. */
const MIN_SAMPLES_FOR_P95 = 24;

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** A target: at most this many times the baseline (with one), else at most this value; per percentile or for both. */
export type Target = number | { p50: number; p95: number };

/**
 * p50 and p95 rows of a latency, beside the same percentiles of its baseline, each with its target when
 * given. The p95 needs 24 samples of each.
 */
export function latencyRows(name: string, samples: number[], floor?: { name: string; samples: number[] }, target?: Target): Row[] {
  const percentiles = Math.min(samples.length, floor?.samples.length ?? Infinity) >= MIN_SAMPLES_FOR_P95 ? [50, 95] : [50];
  return percentiles.map((p) => {
    const value = percentile(samples, p);
    const note = `n=${samples.length}`;
    const limit = typeof target === 'object' ? target[p === 50 ? 'p50' : 'p95'] : target;
    if (!floor) return row(`${name} p${p}`, value, 'ms', { note, ...(limit !== undefined && { target: limit }) });
    const baseline = { name: `${floor.name} p${p} (n=${floor.samples.length})`, value: percentile(floor.samples, p) };
    return row(`${name} p${p}`, value, 'ms', { baseline, note, ...(limit !== undefined && { maxRatio: limit }) });
  });
}

/** The slowest of a few samples, where too few were taken for a p95. */
export function maxRow(name: string, samples: number[], target?: number): Row {
  return row(`${name}, slowest`, Math.max(...samples), 'ms', { note: `n=${samples.length}`, ...(target !== undefined && { target }) });
}

/**
 * One figure, with its baseline and their ratio when there is one; `target`: at most this value,
 * `maxRatio`: at most this many times the baseline.
 */
export function row(name: string, value: number, unit: string, extra: { baseline?: Baseline; note?: string; target?: number; maxRatio?: number } = {}): Row {
  const { baseline, note, target, maxRatio } = extra;
  const ratio = baseline && value / baseline.value;
  return {
    name,
    value: round(value, 1),
    unit,
    ...(baseline && { baseline: { ...baseline, value: round(baseline.value, 1) }, ratio: round(ratio!, 2) }),
    ...(target !== undefined && { target: `≤ ${target} ${unit}`, meetsTarget: value <= target }),
    ...(maxRatio !== undefined && ratio !== undefined && { target: `≤ ${maxRatio} × baseline`, meetsTarget: ratio <= maxRatio }),
    ...(note !== undefined && { note }),
  };
}

/** The app's CPU in all, % of one core: every process but those `notTheApp`. */
export function appPercent(cpu: ReadonlyMap<string, number>, notTheApp: readonly string[]): number {
  return [...cpu].filter(([process]) => !notTheApp.includes(process)).reduce((sum, [, percent]) => sum + percent, 0);
}

/** One row per process, busiest first, with the app's total (the processes `notTheApp` left out) last. */
export function cpuTable(cpu: CpuByState, notTheApp: readonly string[]): CpuRow[] {
  const processes = new Set(STATES.flatMap((state) => [...cpu[state].keys()]));
  const rowOf = (process: string) => ({ process, ...Object.fromEntries(STATES.map((state) => [state, round(cpu[state].get(process) ?? 0, 1)])) }) as CpuRow;
  const rows = [...processes].map(rowOf).sort((a, b) => b.inCall - a.inCall);
  const app = rows.filter((r) => !notTheApp.includes(r.process));
  const total = (state: keyof CpuByState) =>
    round(
      app.reduce((sum, r) => sum + r[state], 0),
      1,
    );
  return [...rows, { process: 'the app in all', ...Object.fromEntries(STATES.map((state) => [state, total(state)])) } as CpuRow];
}

export function printTable(rows: Row[]): void {
  const header = ['figure', 'value', 'baseline', 'ratio', 'target', 'note', 'baseline is'];
  printColumns(
    header,
    rows.map((r) => [
      r.name,
      `${r.value} ${r.unit}`,
      r.baseline ? `${r.baseline.value} ${r.unit}` : '',
      r.ratio === undefined ? '' : String(r.ratio),
      r.target === undefined ? '' : `${r.target}: ${r.meetsTarget ? 'met' : 'NOT met'}`,
      r.note ?? '',
      r.baseline?.name ?? '',
    ]),
  );
}

export function printCpuTable(rows: CpuRow[]): void {
  printColumns(
    ['process', 'idle', 'idle after calls', 'ringing', 'in a call'],
    rows.map((r) => [r.process, ...STATES.map((state) => `${r[state]} %`)]),
  );
}

function printColumns(header: string[], cells: string[][]): void {
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log([line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n'));
}

export async function writeResults(path: URL, results: Results): Promise<void> {
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
}
