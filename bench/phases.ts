// Where the bench's own time goes: the wall time of each phase, with the machine's load average when it
// ended (other work on a shared machine stretches every phase; the load says how much there was).
import os from 'node:os';

export type Phase = { name: string; seconds: number; loadAverage1m: number };

export class Phases {
  readonly list: Phase[] = [];

  /** Runs `work` as the phase `name` and records its wall time. */
  async time<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.list.push({ name, seconds: Number(((performance.now() - started) / 1000).toFixed(1)), loadAverage1m: os.loadavg()[0]! });
    }
  }
}

export function printPhases({ list }: Phases): void {
  const width = Math.max(...list.map((phase) => phase.name.length));
  const total = list.reduce((sum, phase) => sum + phase.seconds, 0);
  console.log(`\nWhere the bench's time went (wall; the phases add up to ${total.toFixed(1)} s):`);
  for (const { name, seconds, loadAverage1m } of list)
    console.log(`${name.padEnd(width)}  ${seconds.toFixed(1).padStart(6)} s  load ${loadAverage1m.toFixed(2)}`);
}
