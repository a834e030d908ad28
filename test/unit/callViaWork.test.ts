// Call via work in Node, through the real core against the embedded local service: the person's number
// (from me/phones, from Settings, locked by policy) goes into makeMeAvailable and, when it changes, into
// a PUT of communication; startPhoneAudio rings their phone, then the callee, as the service scripts them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Core, LockedSettingError } from '../../main/core/core.js';
import { createCommandRouter } from '../../main/ipc/router.js';
import type { LoggedConversation } from '../../main/local/conversationLogResources.js';
import { LocalUcwaService, type LocalServiceOptions } from '../../main/local/service.js';
import { policySchema } from '../../main/policy/schema.js';
import type { AppSnapshot } from '../../preload/shared/contract.js';
import type { HistoryEntry } from '../../preload/shared/history.js';
import { eventually, scriptedCaller } from '../support/localServer.js';

const WORK = 'tel:+14255550100';
const MOBILE = 'tel:+14255550111';
const started: Core[] = [];
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((core) => core.stop()));
  for (const stop of stops.splice(0)) await stop();
});
const dataDir = mkdtempSync(join(tmpdir(), 'softphone-via-work-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const CALLEE = { name: 'Ada Lovelace', uri: 'sip:answers@softphone.local' };
/** The server's log of a call with the callee who answers, begun `minutesAgo`. */
const answeredLog = (minutesAgo: number): Omit<LoggedConversation, 'id'> => ({
  type: 'AudioLog',
  status: 'Archived',
  direction: 'Incoming',
  who: CALLEE,
  subject: '',
  modalities: ['Audio'],
  startedAt: Date.now() - minutesAgo * 60_000,
  messages: [],
  read: true,
});

async function start(local: LocalServiceOptions = {}, adminSettings: Record<string, unknown> = {}) {
  const core = await Core.start({
    endpointId: '0b7d3c1e-9a4f-4c2d-8e6b-5f1a2c3d4e5f',
    userAgent: 'softphone-test',
    local: { maxHoldSeconds: 2, calleeAnswerMs: 0, ...local },
    policy: { policy: policySchema.parse({ settings: adminSettings }) },
  });
  started.push(core);
  const service = core.localService!;
  const snapshots: AppSnapshot[] = [];
  core.subscribe((snapshot) => snapshots.push(snapshot));
  const route = createCommandRouter(core, ['app://softphone']);
  return { core, service, snapshots, route: (command: Parameters<typeof route>[1]) => route({ url: 'app://softphone/index.html' }, command) };
}

function ended(core: Core, callId: string): Promise<HistoryEntry> {
  return eventually('the call in the history', () => core.snapshot().history.recent.find((entry) => entry.id === callId));
}

/** The call's phases in the order the windows were shown them, each once; ended once the history has it. */
function phasesSeen(snapshots: readonly AppSnapshot[], callId: string): string[] {
  const phases = snapshots.flatMap((snapshot) => [
    ...snapshot.calls.filter((call) => call.id === callId).map((call) => call.phase),
    ...(snapshot.history.recent.some((entry) => entry.id === callId) ? ['ended'] : []),
  ]);
  return phases.filter((phase, index) => phase !== phases[index - 1]);
}

describe('the person’s phone number', () => {
  it('comes from me/phones, a work phone first, and goes into makeMeAvailable with PhoneAudio', async () => {
    const { core, service } = await start({
      phones: [
        { type: 'Mobile', number: MOBILE },
        { type: 'Work', number: WORK },
      ],
    });
    expect(core.snapshot().myPhone).toEqual({ number: WORK, from: 'account' });
    expect(service.phoneNumbers()).toEqual([WORK]);
    expect(service.availableModalities()).toEqual([['Audio', 'Video', 'Messaging', 'PhoneAudio']]);
  });

  it('from the server’s list, only a number in E.164 is taken: a partial or hostile one is passed over', async () => {
    const { core, service } = await start({
      phones: [
        { type: 'Work', number: 'tel:4255550100' },
        { type: 'Home', number: 'tel:+14255550100;phone-context=x\r\nX: 1' },
        { type: 'Other', number: ' tel:+14255550122 ' },
      ],
    });
    expect(core.snapshot().myPhone).toEqual({ number: 'tel:+14255550122', from: 'account' });
    expect(service.phoneNumbers()).toEqual(['tel:+14255550122']);
  });

  it('typed in Settings, is kept as tel: E.164 and told to the server (PUT communication), so calls can be answered on it', async () => {
    const { core, service } = await start();
    expect(core.snapshot().myPhone).toBeUndefined();
    expect(service.availableModalities()).toEqual([['Audio', 'Video', 'Messaging']]);
    await core.updateSettings({ phoneNumber: '+1 (425) 555-0199' });
    expect(core.snapshot().myPhone).toEqual({ number: 'tel:+14255550199', from: 'settings' });
    expect(service.phoneNumbers()).toEqual(['tel:+14255550199']);
    expect(service.availableModalities()).toEqual([['Audio', 'Video', 'Messaging', 'PhoneAudio']]);
    service.placeCall(scriptedCaller().request);
    const ringing = await eventually('the call to ring', () => core.snapshot().calls.find((call) => call.phase === 'ringing'));
    expect(ringing.actions).toContain('answerOnPhone');
  });

  it('set by the administrator, wins over the server’s list and cannot be changed', async () => {
    const { core, service } = await start({ phones: [{ type: 'Work', number: WORK }] }, { phoneNumber: MOBILE });
    expect(core.snapshot().myPhone).toEqual({ number: MOBILE, from: 'administrator' });
    expect(core.snapshot().policy.locked).toContain('phoneNumber');
    expect(service.phoneNumbers()).toEqual([MOBILE]);
    await expect(core.updateSettings({ phoneNumber: '+14255550199' })).rejects.toBeInstanceOf(LockedSettingError);
    expect(service.phoneNumbers()).toEqual([MOBILE]);
  });

  it('a hostile or partial number is refused with a sentence before anything is sent, and nothing is lost', async () => {
    const { core, service, route } = await start();
    await core.updateSettings({ phoneNumber: '+14255550199' });
    for (const [phoneNumber, sentence] of [
      ['425 555 0100', /Start the phone number with \+ and the country code/],
      ['+1 425 555 0100\r\nX-Header: 1', /characters no address or phone number has/],
      ['tel:+14255550100;ext=12', /not a phone number that can be called/],
      ['sip:ada@contoso.com', /not a phone number that can be called/],
    ] as const) {
      expect(await route({ type: 'updateSettings', change: { phoneNumber } })).toMatchObject({
        ok: false,
        error: { code: 'InvalidCommand', message: expect.stringMatching(sentence) },
      });
    }
    expect(core.snapshot().myPhone).toEqual({ number: 'tel:+14255550199', from: 'settings' });
    expect(service.phoneNumbers()).toEqual(['tel:+14255550199']);
  });
});

describe('call via work (startPhoneAudio)', () => {
  it('calling back a Recent entry the server logged goes through its continuePhoneAudio; one it did not log, through startPhoneAudio', async () => {
    const { core, service, route } = await start({ phones: [{ type: 'Work', number: WORK }], calleeAnswerMs: 300 });
    const callee = CALLEE;
    service.conversationLogs.add(answeredLog(1));
    const entry = await eventually('the log in Recent', () => core.snapshot().history.recent.find((shown) => shown.serverHref !== undefined));
    const placed = await route({ type: 'callViaWork', to: callee.uri, continueFrom: entry.id });
    if (!placed.ok || !placed.callId) throw new Error(`the call was not placed: ${JSON.stringify(placed)}`);
    // continuePhoneAudio_ref documents operationId and phoneNumber: whom to call is the log's.
    expect(service.conversationLogs.continued()).toEqual([
      { id: service.conversationLogs.list()[0]!.id, link: 'continuePhoneAudio', received: { operationId: expect.any(String), phoneNumber: WORK } },
    ]);
    const connected = await eventually('the call to connect', () =>
      core.snapshot().calls.find((call) => call.id === placed.callId && call.phase === 'connected'),
    );
    expect(connected).toMatchObject({ kind: 'phoneAudio', direction: 'Outgoing', to: callee.uri });
    expect(service.phoneCallsPlaced()).toEqual([expect.objectContaining({ to: callee.uri, phoneNumber: WORK })]);
    await core.calls.hangUp(placed.callId);
    await ended(core, placed.callId);

    // An entry with no server log (this app's own): the start link, as for Call back without one.
    const again = await route({ type: 'callViaWork', to: callee.uri, continueFrom: placed.callId });
    expect(again.ok).toBe(true);
    expect(service.conversationLogs.continued()).toHaveLength(1);
    expect(service.phoneCallsPlaced()).toHaveLength(2);
  });

  it('rings the person’s phone, then the callee, connects with no media in the app, and hangs up', async () => {
    const { core, service, snapshots } = await start({ phones: [{ type: 'Work', number: WORK }], calleeAnswerMs: 300 });
    expect(core.snapshot().canCallViaWork).toBe(true);
    const callId = await core.callViaWork('answers@softphone.local');
    expect(service.phoneCallsPlaced()).toEqual([expect.objectContaining({ to: 'sip:answers@softphone.local', phoneNumber: WORK })]);
    const connected = await eventually('the call to connect', () => core.snapshot().calls.find((call) => call.id === callId && call.phase === 'connected'));
    expect(connected).toMatchObject({ kind: 'phoneAudio', direction: 'Outgoing', to: 'sip:answers@softphone.local', actions: ['hangUp'] });
    expect(connected.context?.to).toBe('Ada Lovelace');
    expect(connected.offerSdp).toBeUndefined();
    expect(connected.remoteAnswer).toBeUndefined();
    await core.calls.hangUp(callId);
    expect(await ended(core, callId)).toMatchObject({ outcome: 'answered' });
    expect(service.phoneCallsPlaced()[0]?.state).toBe('Failed');
    // Ringing the person's phone (which may answer before the window is shown it), then the callee's, then connected.
    // The end is shown once the event batch being applied then (the server's new conversation log) is done.
    await eventually('the end shown', () => phasesSeen(snapshots, callId).at(-1) === 'ended');
    expect(['connecting,ringingOut,connected,ended', 'ringingOut,connected,ended']).toContain(phasesSeen(snapshots, callId).join());
  });

  it('when the person’s phone does not answer, the callee is never called and the call says so', async () => {
    const { core, service, snapshots } = await start({ phones: [{ type: 'Work', number: WORK }], yourPhone: 'noAnswer', ringTimeoutMs: 1500 });
    const callId = await core.callViaWork('answers@softphone.local');
    const end = await ended(core, callId);
    expect(end).toMatchObject({ outcome: 'failed', ending: 'Your phone did not answer, so no one else was called.' });
    expect(phasesSeen(snapshots, callId)).toEqual(['connecting', 'ended']);
    expect(service.callPlacedTo('sip:answers@softphone.local')).toBeUndefined();
  });

  it('when the person’s phone declines, the call says so', async () => {
    const { core } = await start({ phones: [{ type: 'Work', number: WORK }], yourPhone: 'declines' });
    const callId = await core.callViaWork('answers@softphone.local');
    expect(await ended(core, callId)).toMatchObject({ outcome: 'failed', ending: 'Your phone declined the call, so no one else was called.' });
  });

  it('a busy callee ends it with the reason, after the person’s phone answered', async () => {
    const { core } = await start({ phones: [{ type: 'Work', number: WORK }] });
    const callId = await core.callViaWork('busy@softphone.local');
    expect(await ended(core, callId)).toMatchObject({ outcome: 'failed', endCode: expect.stringMatching(/\/Busy$/) });
  });

  it('can be cancelled while the person’s phone rings', async () => {
    const { core } = await start({ phones: [{ type: 'Work', number: WORK }], yourPhone: 'noAnswer' });
    const callId = await core.callViaWork('answers@softphone.local');
    await core.calls.cancel(callId);
    expect(await ended(core, callId)).toMatchObject({ outcome: 'cancelled' });
  });

  it('with no phone number set, refuses calling back a logged entry before reading its log from the server', async () => {
    const service = new LocalUcwaService();
    await service.start();
    stops.push(() => service.stop());
    const historyFile = join(dataDir, 'history.sqlite');
    const startOn = async (fetched: string[] = []) => {
      const core = await Core.start({
        server: { rootUrl: service.rootUrl, credentials: { grant: 'password', ...service.credentials } },
        endpointId: '0b7d3c1e-9a4f-4c2d-8e6b-5f1a2c3d4e5f',
        userAgent: 'softphone-test',
        historyFile,
        fetch: (input, init) => (fetched.push(input.toString()), fetch(input, init)),
      });
      started.push(core);
      await eventually('signed in', () => core.snapshot().account.state === 'signedIn');
      return core;
    };
    const first = await startOn();
    service.conversationLogs.add(answeredLog(60));
    const entry = await eventually('the log in Recent', () => first.snapshot().history.recent.find((shown) => shown.serverHref !== undefined));
    await first.stop();

    // A later session reads only the newest logs: the entry's, in the history file, is read from the server to call it back.
    for (let minutes = 1; minutes <= 20; minutes++) service.conversationLogs.add(answeredLog(minutes));
    const fetched: string[] = [];
    const second = await startOn(fetched);
    await eventually('the newest logs read', () => second.snapshot().history.recent.filter((shown) => shown.serverHref !== undefined).length === 21);
    const route = createCommandRouter(second, ['app://softphone']);
    fetched.length = 0;
    const refused = await route({ url: 'app://softphone/index.html' }, { type: 'callViaWork', to: entry.address!, continueFrom: entry.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'Unavailable', message: 'Set your phone number in Settings to call via your phone.' } });
    expect(fetched.filter((url) => url.includes('/conversationLogs/'))).toEqual([]);
  });

  it('refuses a hostile address, or having no number, before anything is sent', async () => {
    const { service, route } = await start();
    expect(await route({ type: 'callViaWork', to: 'answers@softphone.local' })).toMatchObject({
      ok: false,
      error: { code: 'Unavailable', message: 'Set your phone number in Settings to call via your phone.' },
    });
    await route({ type: 'updateSettings', change: { phoneNumber: '+14255550199' } });
    for (const to of ['sip:answers@softphone.local;transport=tcp', 'answers@softphone.local?Subject=x', '4255550100', 'ada\r\n@contoso.com']) {
      expect(await route({ type: 'callViaWork', to })).toMatchObject({ ok: false, error: { code: 'InvalidCommand' } });
    }
    expect(service.phoneCallsPlaced()).toEqual([]);
  });
});
