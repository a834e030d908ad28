// A child process that writes the history (the built store in dist/node) until it is stopped or the disk is
// full, telling its parent on stdout, one JSON line each, what it has committed:
// `loop <file> <first>`: one entry per transaction from entry-<first> on, forever, `{"committed": n}` after each
// (the crash test kills it);
// `fill <file>`: entries through History until a write fails (run under `ulimit -f`), then two more, and
// `{"saved": n, "problem": …, "shown": […], "found": […]}`: what the app shows and finds while the disk is full.
import { History } from '../../dist/node/main/history/history.js';
import { HistoryStore } from '../../dist/node/main/history/historyStore.js';

const [mode, file] = process.argv.slice(2);
const LIMITS = { maxAgeDays: 365, maxEntries: 10_000 };
const PADDING = 'x'.repeat(1500);
const entry = (n) => ({
  id: `entry-${n}`,
  source: 'local',
  kind: 'audio',
  direction: 'Incoming',
  outcome: 'missed',
  name: `Caller ${n}`,
  address: `tel:+1425555${String(n).padStart(4, '0')}`,
  startedAt: Date.now(),
  endedAt: Date.now(),
  durationMs: 0,
  ending: PADDING,
});
const say = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

if (mode === 'loop') {
  const store = HistoryStore.open(file);
  for (let n = Number(process.argv[4]); ; n++) {
    store.add([entry(n)], LIMITS, Date.now());
    say({ committed: n });
  }
} else if (mode === 'fill') {
  const history = History.open(file, { ...LIMITS, keepMessageContent: true }, () => undefined);
  let saved = 0;
  for (let n = 1; history.snapshot().problem === undefined; n++) {
    history.add([entry(n)]);
    if (history.snapshot().problem === undefined) saved = n;
  }
  history.add([entry(saved + 2)]);
  const { recent, problem } = history.snapshot();
  say({ saved, problem, shown: recent.slice(0, 3).map(({ id }) => id), found: history.search(`Caller ${saved + 2}`).map(({ id }) => id) });
  history.close();
}
