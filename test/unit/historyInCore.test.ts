// The history in the core: every call and conversation that ends is written to the history file, the
// snapshot's history comes from it (so a new core on the same data folder has it), and the windows search and
// clear it by command.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Policy } from '../../main/policy/schema.js';
import { defaultPolicy } from '../../main/policy/schema.js';
import { Core } from '../../main/core/core.js';
import { createCommandRouter } from '../../main/ipc/router.js';
import { eventually, scriptedCaller } from '../support/localServer.js';

const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };
/** Someone in the local service's directory (whose presence it keeps) but not in the user's contact list. */
const MARY = { name: 'Mary Jackson', uri: 'sip:noanswer@softphone.local' };
const PAGE = { url: 'app://softphone/index.html' };
const dir = mkdtempSync(join(tmpdir(), 'softphone-history-'));
const started: Core[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((core) => core.stop()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(historyFile: string, history?: Partial<Policy['history']>): Promise<Core> {
  const policy = defaultPolicy();
  const core = await Core.start({
    endpointId: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
    userAgent: 'softphone-test',
    historyFile,
    policy: { policy: { ...policy, history: { ...policy.history, ...history } } },
  });
  started.push(core);
  return core;
}

/** `from` calls and gives up while it rings: a missed call. */
async function missedCallFrom(core: Core, from = ADA): Promise<void> {
  const leg = core.localService!.placeCall(scriptedCaller({ from }).request);
  await eventually('the call to ring', () => core.snapshot().calls.find((call) => call.phase === 'ringing'));
  leg.cancel();
  await eventually('the missed call in the history', () => core.snapshot().history.recent.find((entry) => entry.outcome === 'missed'));
}

describe('the history in the core', () => {
  it('keeps an ended call in the history file: a new core on the same data folder shows it, finds it and clears it', async () => {
    const file = join(dir, 'restart', 'history.sqlite');
    const first = await start(file);
    await missedCallFrom(first);
    await first.stop();

    const second = await start(file);
    expect(second.snapshot().history).toEqual({
      recent: [expect.objectContaining({ kind: 'video', direction: 'Incoming', outcome: 'missed', name: 'Ada Lovelace', address: ADA.uri, source: 'local' })],
    });
    const router = createCommandRouter(second, ['app://softphone']);
    const found = await router(PAGE, { type: 'searchHistory', query: 'lovelace' });
    expect(found).toMatchObject({ ok: true, history: [{ name: 'Ada Lovelace' }] });
    expect(await router(PAGE, { type: 'searchHistory', query: '%' })).toMatchObject({ ok: true, history: [] });
    expect(await router(PAGE, { type: 'searchHistory', query: 'x'.repeat(251) })).toMatchObject({ ok: false, error: { code: 'InvalidCommand' } });

    const cleared = await router(PAGE, { type: 'clearHistory' });
    expect(cleared).toMatchObject({ ok: true, snapshot: { history: { recent: [] } } });
    await second.stop();
    expect((await start(file)).snapshot().history.recent).toEqual([]);
  });

  it('watches the presence of the people in Recent from an earlier session too', async () => {
    const file = join(dir, 'presence', 'history.sqlite');
    const first = await start(file);
    await missedCallFrom(first, MARY);
    await first.stop();
    const second = await start(file);
    expect(second.snapshot().history.recent).toMatchObject([{ address: MARY.uri }]);
    await eventually('the presence of the person in Recent', () => second.snapshot().people.presence[MARY.uri]);
  });

  it('names a meeting invitation that rang here by who invited, one joined from here by its subject', async () => {
    const core = await start(join(dir, 'meetings', 'history.sqlite'));
    const invitation = core.localService!.inviteToMeeting({
      from: ADA,
      subject: 'Design review',
      meetingUri: 'sip:ada@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B',
    });
    await eventually('the invitation to ring', () => core.snapshot().calls.find((call) => call.phase === 'ringing'));
    invitation.cancel();
    const entry = await eventually('the invitation in the history', () => core.snapshot().history.recent.find((recent) => recent.kind === 'meeting'));
    expect(entry).toMatchObject({ direction: 'Incoming', outcome: 'missed', name: 'Ada Lovelace' });
  });

  it('keeps no message of a conversation where the administrator says so', async () => {
    const core = await start(join(dir, 'no-content', 'history.sqlite'), { keepMessageContent: false });
    const conversation = core.localService!.startMessaging({ from: ADA, subject: 'Lunch', message: 'Lunch at noon?' });
    const ringing = await eventually('the conversation to ring', () => core.snapshot().calls.find((call) => call.phase === 'ringing'));
    await core.calls.decline(ringing.id);
    await conversation.outcome;
    const entry = await eventually('the conversation in the history', () => core.snapshot().history.recent[0]);
    expect(entry).toMatchObject({ kind: 'messaging', outcome: 'declined', name: 'Ada Lovelace' });
    expect(entry.preview).toBeUndefined();
    expect(core.history.search('noon')).toEqual([]);
  });
});
