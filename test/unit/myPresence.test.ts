// The person's own presence through the real core against the embedded local service: read at sign-in,
// followed through `updated` events (the server's own states too), set by the commands, do-not-disturb
// the same in the app and on the server, the status chosen last signed in as, and the administrator's lock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Core, LockedSettingError, MyPresenceInputError } from '../../main/core/core.js';
import { createCommandRouter } from '../../main/ipc/router.js';
import type { LocalServiceOptions } from '../../main/local/service.js';
import { policySchema } from '../../main/policy/schema.js';
import { FaultProxy, type ProxiedReply } from '../support/faultProxy.js';
import { CHROME_OFFER, eventually, scriptedCaller, startService } from '../support/localServer.js';
import { colleagueHears } from '../support/watchingColleague.js';

const ANSWER = CHROME_OFFER.replace('a=setup:actpass', 'a=setup:active');
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

type StartOptions = { local?: LocalServiceOptions; adminSettings?: Record<string, unknown>; settingsFile?: string };

async function start({ local = {}, adminSettings = {}, settingsFile }: StartOptions = {}) {
  const core = await Core.start({
    endpointId: '0b7d3c1e-9a4f-4c2d-8e6b-5f1a2c3d4e5f',
    userAgent: 'softphone-test',
    local: { maxHoldSeconds: 2, ...local },
    policy: { policy: policySchema.parse({ settings: adminSettings }) },
    ...(settingsFile && { settingsFile }),
  });
  stops.push(() => core.stop());
  const service = core.localService!;
  const route = createCommandRouter(core, ['app://softphone']);
  return { core, service, route: (command: Parameters<typeof route>[1]) => route({ url: 'app://softphone/index.html' }, command) };
}

const me = (core: Core) => core.snapshot().people.me;

describe('my presence on the server', () => {
  it('is read at sign-in: status, note and location, with what the server lets this app set', async () => {
    const { core } = await start();
    expect(me(core)).toEqual({ presence: { availability: 'Online' }, canSetAvailability: true, canSetNote: true, canSetLocation: true });
  });

  it('the commands set the status, the note and the location; the server tells colleagues, and the app shows what it reports back', async () => {
    const { core, service, route } = await start();
    const busy = colleagueHears(service, (published) => published.availability === 'Busy');
    expect(await route({ type: 'setAvailability', availability: 'Busy' })).toMatchObject({
      ok: true,
      snapshot: { people: { me: { presence: { availability: 'Busy' } } } },
    });
    await busy;
    expect(await route({ type: 'setNote', text: '  Heads down today ' })).toMatchObject({ ok: true });
    expect(await route({ type: 'setLocation', text: 'Building 4' })).toMatchObject({ ok: true });
    expect(service.userPresence.published).toEqual({ availability: 'Busy', note: { message: 'Heads down today', type: 'Personal' }, location: 'Building 4' });
    expect(me(core)).toMatchObject({ presence: { availability: 'Busy' }, note: 'Heads down today', noteType: 'Personal', location: 'Building 4' });
    expect(core.snapshot().settings.signInAs).toBe('Busy');
  });

  it('follows what the server sets by itself through updated events: idle, out of office, in a call', async () => {
    const { core, service } = await start();
    service.userPresence.setIdle(true);
    await eventually('IdleOnline', () => me(core)?.presence.availability === 'IdleOnline');
    service.userPresence.setIdle(false);
    service.userPresence.setOutOfOffice('On leave until Monday');
    await eventually('the out-of-office note', () => me(core)?.note === 'On leave until Monday');
    expect(me(core)).toMatchObject({ presence: { availability: 'Online' }, noteType: 'OutOfOffice' });

    service.placeCall(scriptedCaller().request);
    const ringing = await eventually('a ringing call', () => core.snapshot().calls.find((call) => call.phase === 'ringing'));
    await core.calls.answer(ringing.id, ANSWER);
    await eventually('In a call', () => me(core)?.presence.activity === 'InACall');
    expect(me(core)?.presence).toEqual({ availability: 'Busy', activity: 'InACall' });
    await core.calls.hangUp(ringing.id);
    await eventually('Online again', () => me(core)?.presence.activity === undefined);
    expect(me(core)?.presence).toEqual({ availability: 'Online' });
    // What the server set by itself is not the person's choice: nothing is remembered from it.
    expect(core.snapshot().settings.signInAs).toBeUndefined();
  });

  it('do-not-disturb is one thing: choosing DoNotDisturb turns the app’s on, and the app’s sets the server’s', async () => {
    const { core, service, route } = await start();
    await route({ type: 'setAvailability', availability: 'DoNotDisturb' });
    expect(core.snapshot().settings.doNotDisturb).toBe('silence');
    await route({ type: 'setAvailability', availability: 'Away' });
    expect(core.snapshot().settings.doNotDisturb).toBe('off');
    expect(service.userPresence.published.availability).toBe('Away');

    await core.updateSettings({ doNotDisturb: 'decline' });
    expect(service.userPresence.published.availability).toBe('DoNotDisturb');
    expect(core.snapshot().settings).toMatchObject({ doNotDisturb: 'decline', signInAs: 'DoNotDisturb' });
    await core.updateSettings({ doNotDisturb: 'off' });
    expect(service.userPresence.published.availability).toBe('Online');
    expect(core.snapshot().settings.doNotDisturb).toBe('off');
  });

  it('the status chosen last is the one signed in as next time (makeMeAvailable’s signInAs)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'softphone-presence-'));
    stops.push(async () => rmSync(folder, { recursive: true, force: true }));
    const settingsFile = join(folder, 'settings.json');
    const first = await start({ settingsFile });
    await first.route({ type: 'setAvailability', availability: 'BeRightBack' });
    await first.core.stop();
    const second = await start({ settingsFile });
    expect(second.service.userPresence.published.availability).toBe('BeRightBack');
    expect(me(second.core)?.presence.availability).toBe('BeRightBack');
  });

  it('an administrator’s sign-in status is signed in as and locked: changing it is refused, choosing a status still works', async () => {
    const { core, service, route } = await start({ adminSettings: { signInAs: 'Busy' } });
    expect(service.userPresence.published.availability).toBe('Busy');
    expect(core.snapshot().policy.locked).toContain('signInAs');
    await expect(core.updateSettings({ signInAs: 'Online' })).rejects.toBeInstanceOf(LockedSettingError);
    expect(await route({ type: 'setAvailability', availability: 'Away' })).toMatchObject({ ok: true });
    expect(service.userPresence.published.availability).toBe('Away');
    expect(core.snapshot().settings.signInAs).toBe('Busy');
  });

  it('bad input is refused with a sentence before anything is sent, and nothing changes', async () => {
    const { core, service, route } = await start();
    await route({ type: 'setLocation', text: 'Building 4' });
    expect(await route({ type: 'setLocation', text: 'x'.repeat(61) })).toMatchObject({ ok: false, error: { code: 'InvalidCommand' } });
    expect(await route({ type: 'setAvailability', availability: 'IdleOnline' })).toMatchObject({ ok: false, error: { code: 'InvalidCommand' } });
    await expect(core.people.me.setLocation('x'.repeat(61))).rejects.toThrow(new MyPresenceInputError('A location can be at most 60 characters.'));
    expect(service.userPresence.published).toEqual({ availability: 'Online', location: 'Building 4' });
  });
});

describe('a presence the app does not know', () => {
  it('shows as Unknown, and a body that is not a presence changes nothing; the app keeps running', async () => {
    const { service } = await startService();
    let body = '{"availability":"Presenting","activity":"In a presentation"}';
    const rewrite = (request: { method?: string; url?: string }, reply: ProxiedReply) =>
      request.method === 'GET' && request.url?.endsWith('/me/presence') ? { ...reply, body } : reply;
    const proxy = new FaultProxy({ service, schedule: [], rewrite });
    const rootUrl = await proxy.start();
    stops.push(
      () => service.stop(),
      () => proxy.stop(),
    );
    const core = await Core.start({
      endpointId: '0b7d3c1e-9a4f-4c2d-8e6b-5f1a2c3d4e5f',
      userAgent: 'softphone-test',
      server: { rootUrl, credentials: { grant: 'password', ...service.credentials } },
    });
    stops.push(() => core.stop());
    expect(me(core)?.presence).toEqual({ availability: 'Unknown', activity: 'In a presentation' });
    body = '{"availability":5}';
    service.userPresence.setIdle(true);
    // Batches are taken in order: once the note of the batch after is shown, the presence was read.
    service.userPresence.setOutOfOffice('Back soon');
    await eventually('the note after it', () => me(core)?.note === 'Back soon');
    expect(me(core)?.presence).toEqual({ availability: 'Unknown', activity: 'In a presentation' });
    expect(core.snapshot().account.state).toBe('signedIn');
  });
});
