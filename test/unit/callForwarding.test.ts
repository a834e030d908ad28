// Call forwarding and voicemail through the real core against the embedded local service: read at
// sign-in, followed through `updated` events, set by the setForwarding command (each kind, a typed number
// or a contact), the sentence the header shows, the administrator's lock, and hostile bodies.
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { createCommandRouter } from '../../main/ipc/router.js';
import type { LocalServiceOptions, LocalUcwaService } from '../../main/local/service.js';
import { policySchema } from '../../main/policy/schema.js';
import type { ForwardingChoice } from '../../preload/shared/contract.js';
import { FaultProxy, type ProxiedReply } from '../support/faultProxy.js';
import { eventually, startService } from '../support/localServer.js';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

const CORE = { endpointId: '0b7d3c1e-9a4f-4c2d-8e6b-5f1a2c3d4e5f', userAgent: 'softphone-test' };

async function start({ local = {}, features = {} }: { local?: LocalServiceOptions; features?: Record<string, boolean> } = {}) {
  const core = await Core.start({ ...CORE, local: { maxHoldSeconds: 2, ...local }, policy: { policy: policySchema.parse({ features }) } });
  stops.push(() => core.stop());
  const route = createCommandRouter(core, ['app://softphone']);
  const set = (choice: ForwardingChoice) => route({ url: 'app://softphone/index.html' }, { type: 'setForwarding', choice });
  return { core, service: core.localService!, set };
}

const forwarding = (core: Core) => core.snapshot().forwarding;

describe('call forwarding in the core', () => {
  it('is read at sign-in, with the voicemail address: calls ring here, unanswered ones go to voicemail', async () => {
    const { core } = await start();
    expect(forwarding(core)).toEqual({
      sentence: 'Calls ring here; unanswered ones go to voicemail after 20 s',
      mode: 'off',
      simultaneousDelaySeconds: 0,
      unanswered: { to: 'voicemail', delaySeconds: 20 },
      workHoursOnly: false,
      canChange: true,
    });
    expect(core.snapshot().canCallVoicemail).toBe(true);
    expect(core.forwarding.voicemailTarget()).toEqual({ kind: 'sip', uri: 'sip:you@softphone.local;opaque=app:voicemail' });
  });

  it('setForwarding sets each kind through the documented links, a number as typed, and the sentence says where calls go', async () => {
    const { core, service, set } = await start();
    expect(await set({ kind: 'forward', to: 'contact', target: '+1 425 555 0123' })).toMatchObject({
      ok: true,
      snapshot: { forwarding: { mode: 'forward', to: 'contact', target: { uri: 'tel:+14255550123' }, sentence: 'Calls forward to +1 425 555 0123' } },
    });
    expect(service.forwarding.settings.state.immediate).toEqual({ target: 'Contact', contact: 'tel:+14255550123' });

    await set({ kind: 'simultaneous', to: 'contact', target: 'chat@softphone.local' });
    expect(forwarding(core)).toMatchObject({
      mode: 'simultaneous',
      target: { uri: 'sip:chat@softphone.local', name: 'Grace Hopper' },
      sentence: 'Calls ring here and Grace Hopper; unanswered ones go to voicemail after 20 s',
    });
    await set({ kind: 'simultaneous', to: 'team', delaySeconds: 10 });
    await set({ kind: 'unanswered', to: 'contact', target: 'tel:+14255550100', delaySeconds: 30 });
    await set({ kind: 'period', workHoursOnly: true });
    expect(forwarding(core)?.sentence).toBe('Calls ring here and your team after 10 s; unanswered ones go to +1 425 555 0100 after 30 s during work hours');
    await set({ kind: 'unanswered', to: 'none' });
    expect(forwarding(core)?.unanswered).toEqual({ to: 'none', delaySeconds: 30 });
    await set({ kind: 'forward', to: 'voicemail' });
    expect(forwarding(core)?.sentence).toBe('Calls go to voicemail during work hours');
    await set({ kind: 'off' });
    expect(forwarding(core)).toMatchObject({ mode: 'off', workHoursOnly: false, sentence: 'Calls ring here; unanswered ones go to voicemail after 20 s' });
  });

  it('follows changes made elsewhere through the updated event from me', async () => {
    const { core, service } = await start();
    await changeElsewhere(service, { kind: 'forward', to: 'voicemail' });
    await eventually('the change made elsewhere', () => forwarding(core)?.mode === 'forward');
    expect(forwarding(core)?.sentence).toBe('Calls go to voicemail');
  });

  it('refuses with a sentence what cannot be a target, before anything is sent; the settings stay', async () => {
    const { core, set } = await start();
    for (const target of ['4255550123', 'ada@contoso.com;transport=tcp', 'javascript:alert(1)']) {
      expect(await set({ kind: 'forward', to: 'contact', target })).toMatchObject({ ok: false, error: { code: 'InvalidCommand' } });
    }
    expect(await set({ kind: 'forward', to: 'contact' })).toEqual({
      ok: false,
      error: { code: 'InvalidCommand', message: 'Choose a person or type a number to forward calls to.' },
    });
    expect(await set({ kind: 'unanswered', to: 'voicemail', delaySeconds: 2 })).toMatchObject({ ok: false, error: { code: 'InvalidCommand' } });
    expect(forwarding(core)?.mode).toBe('off');
  });

  it('the administrator can lock it: shown, not changeable, the command refused', async () => {
    const { core, service, set } = await start({ features: { forwarding: false } });
    expect(forwarding(core)).toMatchObject({ canChange: false, mode: 'off' });
    expect(await set({ kind: 'forward', to: 'voicemail' })).toEqual({
      ok: false,
      error: { code: 'Unavailable', message: 'Your administrator has locked call forwarding.' },
    });
    await expect(core.forwarding.set({ kind: 'off' })).rejects.toThrow('Your administrator has locked call forwarding.');
    expect(service.forwarding.settings.state.activeSetting).toBe('None');
  });
});

/** Another device of the user's changes the settings: a POST to the service, which tells every application. */
async function changeElsewhere(service: LocalUcwaService, choice: ForwardingChoice) {
  const other = await Core.start({ ...CORE, server: { rootUrl: service.rootUrl, credentials: { grant: 'password', ...service.credentials } } });
  stops.push(() => other.stop());
  await other.forwarding.set(choice);
}

describe('a server whose forwarding or policies are not what the reference documents', () => {
  it('a hostile settings body or voicemail address is refused with a typed error; the app keeps running, without them', async () => {
    const { service } = await startService();
    const bodies: Record<string, string> = {
      '/me/callForwardingSettings': '{"activeSetting":"ForwardToEveryone","_embedded":{}}',
      '/policies': '{"rel":"policies","voicemailUri":"sip:vm@contoso.com?Subject=x\\r\\nEvil: yes"}',
    };
    const rewrite = (request: { method?: string; url?: string }, reply: ProxiedReply) => {
      const path = Object.keys(bodies).find((end) => request.url?.endsWith(end));
      return request.method === 'GET' && path ? { ...reply, body: bodies[path]! } : reply;
    };
    const proxy = new FaultProxy({ service, schedule: [], rewrite });
    const rootUrl = await proxy.start();
    stops.push(
      () => service.stop(),
      () => proxy.stop(),
    );
    const problems: string[] = [];
    const core = await Core.start({
      ...CORE,
      server: { rootUrl, credentials: { grant: 'password', ...service.credentials } },
      onProblem: (e) => problems.push(e.name),
    });
    stops.push(() => core.stop());
    expect(core.snapshot().account.state).toBe('signedIn');
    expect(core.snapshot().forwarding).toBeUndefined();
    expect(core.snapshot().canCallVoicemail).toBe(false);
    expect(problems).toContain('MalformedError');
  });
});
