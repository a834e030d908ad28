// The server's conversation logs in the lasting history (issue 17): merged with what this app saw into
// the one Recent, a call both saw shown once, kept across restarts and found by the history search.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { LocalUcwaService } from '../../main/local/service.js';
import { createCommandRouter } from '../../main/ipc/router.js';
import { defaultPolicy, type Policy } from '../../main/policy/schema.js';
import { eventually, scriptedCaller } from '../support/localServer.js';
import { GRACE, graceMessageLog } from '../support/loggedConversations.js';

const ADA = { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' };
const PAGE = { url: 'app://softphone/index.html' };
const dir = mkdtempSync(join(tmpdir(), 'softphone-merged-'));
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function service(): Promise<LocalUcwaService> {
  const local = new LocalUcwaService({ maxHoldSeconds: 2 });
  await local.start();
  stops.push(() => local.stop());
  return local;
}

async function coreOn(local: LocalUcwaService, historyFile: string, history: Partial<Policy['history']> = {}): Promise<Core> {
  const policy = defaultPolicy();
  const core = await Core.start({
    server: { rootUrl: local.rootUrl, credentials: { grant: 'password', ...local.credentials } },
    endpointId: '3b4c5d6e-7f80-4a1b-9c2d-3e4f5a6b7c8d',
    userAgent: 'softphone-test',
    historyFile,
    policy: { policy: { ...policy, history: { ...policy.history, ...history } } },
  });
  stops.push(() => core.stop());
  return core;
}

describe('the server’s logs in the lasting history', () => {
  it('shows a call this app saw and the server logged once, a log only the server has beside it, across a restart, and finds both', async () => {
    const local = await service();
    local.conversationLogs.add(graceMessageLog(5));
    const file = join(dir, 'merge', 'history.sqlite');
    const first = await coreOn(local, file);
    await eventually('the server’s log in Recent', () => first.snapshot().history.recent.some((entry) => entry.source === 'server'));

    const leg = local.placeCall(scriptedCaller({ from: ADA }).request);
    await eventually('the call to ring', () => first.snapshot().calls.find((call) => call.phase === 'ringing'));
    leg.cancel();
    // The server logs the missed call too: Recent then has the call once, with the log's href.
    await eventually('the missed call merged with its log', () => first.snapshot().history.recent.find((entry) => entry.serverHref?.includes('/2')));
    const recent = first.snapshot().history.recent;
    expect(recent).toHaveLength(2);
    expect(recent[0]).toMatchObject({ source: 'local', outcome: 'missed', name: 'Ada Lovelace', address: ADA.uri });
    expect(recent[1]).toMatchObject({
      source: 'server',
      kind: 'messaging',
      direction: 'Incoming',
      name: 'Grace Hopper',
      address: GRACE.uri,
      preview: 'Lunch at noon?',
    });
    await stops.pop()!();

    // A new sign-in (a new application, so new hrefs) reads the same logs: nothing is shown twice.
    const second = await coreOn(local, file);
    await eventually('the logs read again', () => second.conversationLogs.revision >= 2);
    expect(second.snapshot().history.recent.map((entry) => entry.name)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    const router = createCommandRouter(second, ['app://softphone']);
    expect(await router(PAGE, { type: 'searchHistory', query: 'hopper' })).toMatchObject({ ok: true, history: [{ source: 'server', name: 'Grace Hopper' }] });
  });

  it('keeps no message text from the server’s logs when the administrator says so', async () => {
    const local = await service();
    local.conversationLogs.add(graceMessageLog(5));
    const core = await coreOn(local, join(dir, 'noText', 'history.sqlite'), { keepMessageContent: false });
    const entry = await eventually('the server’s log in Recent', () => core.snapshot().history.recent.find((shown) => shown.source === 'server'));
    expect(entry.name).toBe('Grace Hopper');
    expect(entry.preview).toBeUndefined();
  });

  it('shows a meeting joined and left once: the app’s entry merged with the server’s ConferenceLog, its chat no log of its own', async () => {
    const local = await service();
    const meeting = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';
    local.createMeeting(meeting, { subject: 'Design review' });
    const core = await coreOn(local, join(dir, 'meeting', 'history.sqlite'));
    const id = await core.calls.joinMeeting(meeting);
    await eventually('the meeting’s chat joined', () => core.snapshot().calls.find((call) => call.id === id && call.meetingChat));
    await core.calls.leave(id);
    await eventually('the meeting merged with its log', () => core.snapshot().history.recent.find((entry) => entry.serverHref !== undefined));
    expect(core.snapshot().history.recent).toEqual([expect.objectContaining({ kind: 'meeting', name: 'Design review', address: meeting, source: 'local' })]);
  });
});
