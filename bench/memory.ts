import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { LocalUcwaService } from '../main/local/service.js';

const IDLE_CORE = fileURLToPath(new URL('./idleCore.mjs', import.meta.url));
/**
 * The longest a process rests waiting for V8's memory reducer: it tries every 8 s after a full collection and
 * runs once the core's allocation rate reads low (16–32 s into the rest here).
 */
const MOST_REST_SECONDS = 45;

export type NodeMemory = { rss: number; heapUsed: number; reducerCollections: number };
type RestingNode = { ready: Promise<void>; memory: Promise<NodeMemory>; readNow(): void };

/**
 * A fresh Node process running what idleCore.mjs says for `what` (a core on `server` if given): `ready` once it
 * has started, `memory` once it has rested (idle: other work may run meanwhile, once every process is ready) or
 * was told to read now.
 */
function restingNode(what: 'core' | 'bare' | 'zod', server?: ServerArgs): RestingNode {
  const child = spawn(process.execPath, ['--expose-gc', IDLE_CORE, what, String(MOST_REST_SECONDS), ...(server ?? [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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

/** idleCore.mjs's arguments for a core signed in to a server: its root URL, a username and a password. */
type ServerArgs = [rootUrl: string, username: string, password: string];

export type CoreAtRest = NodeMemory & { rssReadings: number[]; fewestReducerCollections: number };
export type MemoryAtRest = {
  /** Cores signed in to a server in another process, as a company's users are: what the target is read against. */
  onServer: CoreAtRest;
  /** Cores signed in to their embedded local service, as on a first start with no server configured. */
  onEmbeddedService: CoreAtRest;
  bare: NodeMemory;
  withZod: NodeMemory;
};

/**
 * Bare Node, zod and `cores` fresh cores signed in to a local service running here (the bench's process), then,
 * once those have started, `cores` signed in to their own embedded service: `ready` once all have started (they
 * rest from then on), `read` once the cores have rested, bare Node and zod read then too. With all eight
 * started at once on two cores, V8's memory reducer had collected in none of the cores 45 s later (two runs);
 * started in two waves, it had collected twice in each (the same with six at once).
 */
export function startResting(cores: number): { ready: Promise<void>; read(): Promise<MemoryAtRest> } {
  const service = new LocalUcwaService();
  const bare = restingNode('bare');
  const zod = restingNode('zod');
  const onServer = service.start().then((rootUrl) => {
    const { username, password } = service.credentials;
    return Array.from({ length: cores }, () => restingNode('core', [rootUrl.href, username, password]));
  });
  const firstWave = onServer.then((servers) => allReady([bare, zod, ...servers]));
  const onEmbeddedService = firstWave.then(() => Array.from({ length: cores }, () => restingNode('core')));
  return {
    ready: onEmbeddedService.then(allReady),
    read: async () => {
      try {
        const memory = {
          onServer: await medianRestingCore(await onServer),
          onEmbeddedService: await medianRestingCore(await onEmbeddedService),
        };
        bare.readNow();
        zod.readNow();
        return { ...memory, bare: await bare.memory, withZod: await zod.memory };
      } finally {
        await service.stop();
      }
    },
  };
}

const allReady = async (nodes: RestingNode[]) => {
  await Promise.all(nodes.map(({ ready }) => ready));
};

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
