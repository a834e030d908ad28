import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const IDLE_CORE = fileURLToPath(new URL('./idleCore.mjs', import.meta.url));

export type NodeMemory = { rss: number; heapUsed: number };

/** A fresh Node process idle after a forced GC, running what idleCore.mjs says for `what`. */
export async function idleNodeMemory(what: 'core' | 'bare' | 'zod'): Promise<NodeMemory> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', IDLE_CORE, what]);
  return JSON.parse(stdout) as NodeMemory;
}

/**
 * Fresh cores, each read alone, and the one of median RSS: how much of SQLite's WebAssembly V8 has compiled
 * again with TurboFan in the background when a core is read varies (84–121 MiB at one commit), so one
 * reading is not the same work each run. All the RSS readings come with it, lowest first.
 */
export async function medianIdleCore(readings: number): Promise<NodeMemory & { rssReadings: number[] }> {
  const read: NodeMemory[] = [];
  for (let i = 0; i < readings; i++) read.push(await idleNodeMemory('core'));
  read.sort((a, b) => a.rss - b.rss);
  return { ...read[Math.floor(read.length / 2)]!, rssReadings: read.map((memory) => memory.rss) };
}
