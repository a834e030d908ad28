import { writeFile } from 'node:fs/promises';
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

export type Results = { machine: Record<string, string | number>; run: Record<string, string | number>; rows: Row[] };

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** p50 and p95 rows of a latency, beside the same percentiles of its floor; with a ratio target, whether it is met. */
export function latencyRows(name: string, samples: number[], floor?: { name: string; samples: number[] }, maxRatio?: number): Row[] {
  return [50, 95].map((p) => {
    const value = percentile(samples, p);
    const note = `n=${samples.length}`;
    if (!floor) return { name: `${name} p${p}`, value: round(value, 1), unit: 'ms', note };
    const baseline = percentile(floor.samples, p);
    return {
      ...row(`${name} p${p}`, value, 'ms', { baseline: { name: `${floor.name} p${p} (n=${floor.samples.length})`, value: baseline }, note }),
      ...(maxRatio !== undefined && { target: `≤ ${maxRatio} × baseline`, meetsTarget: value / baseline <= maxRatio }),
    };
  });
}

/** One figure, with its baseline and their ratio when there is one. */
export function row(name: string, value: number, unit: string, extra: { baseline?: Baseline; note?: string } = {}): Row {
  const { baseline, note } = extra;
  return {
    name,
    value: round(value, 1),
    unit,
    ...(baseline && { baseline: { ...baseline, value: round(baseline.value, 1) }, ratio: round(value / baseline.value, 2) }),
    ...(note !== undefined && { note }),
  };
}

export function printTable(rows: Row[]): void {
  const header = ['figure', 'value', 'baseline', 'ratio', 'target', 'note', 'baseline is'];
  const cells = rows.map((r) => [
    r.name,
    `${r.value} ${r.unit}`,
    r.baseline ? `${r.baseline.value} ${r.unit}` : '',
    r.ratio === undefined ? '' : String(r.ratio),
    r.target === undefined ? '' : `${r.target}: ${r.meetsTarget ? 'met' : 'NOT met'}`,
    r.note ?? '',
    r.baseline?.name ?? '',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: string[]) => values.map((value, i) => value.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log([line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n'));
}

export async function writeResults(path: URL, results: Results): Promise<void> {
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
}
