// CPU per process of the app as the bench runs it: the core (this Node process) and each Chromium process
// by its role (browser, GPU, network service, audio service, each page), read from Linux's /proc.
import { readFileSync, readdirSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU times in these ticks on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** CPU seconds so far, by process: its role and its CPU time. */
type CpuTimes = Map<number | 'core', { role: string; seconds: number }>;

type ProcessEntry = { pid: number; parent: number; cpuSeconds: number; args: string[] };

/**
 * The Chromium processes this Node process started, each named by role; renderers are named by the page they
 * host where `pages` knows their pid, else "other renderer".
 */
function chromiumCpuTimes(pages: ReadonlyMap<number, string>): CpuTimes {
  return new Map(chromiumProcesses().map((entry) => [entry.pid, { role: roleOf(entry, pages), seconds: entry.cpuSeconds }]));
}

/** This process's CPU seconds so far: the core, the harness around it and the test peers. */
function coreCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** The pids of the renderer processes of web pages running now (not of Chromium's own WebUI). */
export function rendererPids(): Set<number> {
  const pageRenderer = (entry: ProcessEntry) => typeOf(entry.args) === 'renderer' && !entry.args.includes('--top-chrome-webui');
  return new Set(
    chromiumProcesses()
      .filter(pageRenderer)
      .map((entry) => entry.pid),
  );
}

/**
 * The CPU each role used between two readings, in % of one core over `seconds`. A process that ended
 * meanwhile is not counted (its time is gone with it); one that started is counted from zero.
 */
function cpuPercent(before: CpuTimes, after: CpuTimes, seconds: number): Map<string, number> {
  const percent = new Map<string, number>();
  for (const [pid, { role, seconds: spent }] of after) {
    const used = spent - (before.get(pid)?.seconds ?? 0);
    percent.set(role, (percent.get(role) ?? 0) + (used / seconds) * 100);
  }
  return percent;
}

function roleOf(entry: ProcessEntry, pages: ReadonlyMap<number, string>): string {
  const type = typeOf(entry.args);
  if (type === undefined) return 'browser';
  if (type === 'renderer') return pages.get(entry.pid) ?? (entry.args.includes('--top-chrome-webui') ? 'Chromium WebUI' : 'other renderer');
  if (type === 'gpu-process') return 'GPU';
  if (type === 'utility') {
    const service = entry.args.find((arg) => arg.startsWith('--utility-sub-type='))?.split('=')[1] ?? '';
    if (service.startsWith('network.')) return 'network service';
    if (service.startsWith('audio.')) return 'audio service';
    return 'other utility';
  }
  // The zygotes and the crash handler.
  return 'other';
}

function typeOf(args: readonly string[]): string | undefined {
  return args.find((arg) => arg.startsWith('--type='))?.split('=')[1];
}

/**
 * This process's descendants but the Node processes it started and theirs (the bench's own: cores resting
 * for their memory reading, a flood's core), which would otherwise count as the browser.
 */
function chromiumProcesses(): ProcessEntry[] {
  return descendantsOf(process.pid, (entry) => entry.args[0] === process.execPath);
}

function descendantsOf(root: number, leaveOut: (entry: ProcessEntry) => boolean): ProcessEntry[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readEntry(Number(name)))
    .filter((entry): entry is ProcessEntry => entry !== undefined);
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of all) children.set(entry.parent, [...(children.get(entry.parent) ?? []), entry]);
  const found: ProcessEntry[] = [];
  const visit = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      if (leaveOut(child)) continue;
      found.push(child);
      visit(child.pid);
    }
  };
  visit(root);
  return found;
}

function readEntry(pid: number): ProcessEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: fields are counted after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Processes forked from Chromium's zygote rewrite their command line as one space-separated string.
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/).filter(Boolean);
    return { pid, parent: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND, args };
  } catch {
    return undefined; // it ended meanwhile
  }
}

/** CPU by process over `work`, in % of one core, with the core as `core`. */
export async function cpuDuring(pages: ReadonlyMap<number, string>, work: () => Promise<void>): Promise<Map<string, number>> {
  const reading = (): CpuTimes => new Map([...chromiumCpuTimes(pages), ['core', { role: 'core', seconds: coreCpuSeconds() }]]);
  const before = reading();
  const started = performance.now();
  await work();
  return cpuPercent(before, reading(), (performance.now() - started) / 1000);
}
