import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const IDLE_CORE = fileURLToPath(new URL('./idleCore.mjs', import.meta.url));
/**
 * The longest a process rests waiting for V8's memory reducer: it tries every 8 s after a full collection and
 * runs once the core's allocation rate reads low (16–32 s into the rest here).
 */
const MOST_REST_SECONDS = 45;

export type NodeMemory = { rss: number; heapUsed: number; reducerCollections: number };
type RestingNode = { ready: Promise<void>; memory: Promise<NodeMemory>; readNow(): void };

/**
 * A fresh Node process running what idleCore.mjs says for `what`: `ready` once it has started, `memory` once it
 * has rested (idle: other work may run meanwhile, once every process is ready) or was told to read now.
 */
function restingNode(what: 'core' | 'bare' | 'zod'): RestingNode {
  const child = spawn(process.execPath, ['--expose-gc', IDLE_CORE, what, String(MOST_REST_SECONDS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith('ready\n')) markReady();
  });
  const memory = once(child, 'close').then(([code]) => {
    if (code !== 0) throw new Error(`bench/idleCore.mjs ${what} exited with ${String(code)}`);
    return JSON.parse(stdout.slice('ready\n'.length)) as NodeMemory;
  });
  // A process that fails before it is ready must not leave `ready` waiting.
  void memory.catch(markReady);
  return { ready, memory, readNow: () => child.kill('SIGUSR2') };
}

type CoreAtRest = NodeMemory & { rssReadings: number[]; fewestReducerCollections: number };
export type MemoryAtRest = { core: CoreAtRest; bare: NodeMemory; withZod: NodeMemory };

/**
 * Bare Node, zod and `cores` fresh cores, started together: `ready` once all have started (they rest from
 * then on), `read` once the cores have rested, bare Node and zod read then too.
 */
export function startResting(cores: number): { ready: Promise<void>; read(): Promise<MemoryAtRest> } {
  const bare = restingNode('bare');
  const zod = restingNode('zod');
  const resting = Array.from({ length: cores }, () => restingNode('core'));
  return {
    ready: Promise.all([bare, zod, ...resting].map(({ ready }) => ready)).then(() => {}),
    read: async () => {
      const core = await medianRestingCore(resting);
      bare.readNow();
      zod.readNow();
      return { core, bare: await bare.memory, withZod: await zod.memory };
    },
  };
}

/**
 * Of fresh cores resting side by side, the one of median RSS, with all the RSS readings, lowest first, and the
 * fewest memory-reducer collections any of them saw (0: a core was read before the reducer had its turn).
 */
async function medianRestingCore(cores: RestingNode[]): Promise<CoreAtRest> {
  const read = (await Promise.all(cores.map((core) => core.memory))).sort((a, b) => a.rss - b.rss);
  return {
    ...read[Math.floor(read.length / 2)]!,
    rssReadings: read.map((memory) => memory.rss),
    fewestReducerCollections: Math.min(...read.map((memory) => memory.reducerCollections)),
  };
}
