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
