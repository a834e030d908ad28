// The local service's me/callForwardingSettings as callForwardingSettings_ref and the pages of its links
// document them (properties, embedded settings, POSTs and their 400s and 403s, `updated` events from
// `me`), policies' voicemailUri, and what the settings do to the calls it places to the user: forwarded
// immediately, simultaneous ring, unanswered calls to voicemail after the delay, work hours.
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../main/ucwa/errors.js';
import { httpSessionPerTest, type HttpSession } from '../support/httpSession.js';
import { eventually, scriptedCaller } from '../support/localServer.js';

const signIn = httpSessionPerTest();
const VOICEMAIL = 'sip:you@softphone.local;opaque=app:voicemail';
const ADA_NUMBER = 'tel:+14255550123';

type Application = { _links: Record<string, { href: string }>; _embedded: { me: { _links: Record<string, { href: string } | undefined> } } };
type Settings = { _links: Record<string, { href: string }>; _embedded: Record<string, { _links: Record<string, { href: string }> }> };

const status = (promise: Promise<unknown>) =>
  promise.then(
    () => 204,
    (error: unknown) => (error instanceof HttpError ? `${error.status} ${error.subcode ?? ''}`.trim() : error),
  );

/** The settings' href and the href of each link of its embedded settings, by name. */
async function forwardingLinks(session: HttpSession) {
  const application = (await session.get('')) as unknown as Application;
  const settingsHref = application._embedded.me._links.callForwardingSettings?.href ?? 'no callForwardingSettings link';
  const settings = (await session.get(settingsHref)) as unknown as Settings;
  const links: Record<string, string> = { turnOffCallForwarding: settings._links.turnOffCallForwarding?.href ?? '' };
  for (const embedded of Object.values(settings._embedded)) for (const [rel, { href }] of Object.entries(embedded._links)) links[rel] = href;
  return { settingsHref, policiesHref: application._links.policies?.href ?? 'no policies link', links };
}

describe('me/callForwardingSettings on the local service', () => {
  it('me links it, with the documented properties, embedded settings and links; policies gives the voicemailUri', async () => {
    const session = await signIn();
    const { settingsHref, policiesHref, links } = await forwardingLinks(session);
    expect(await session.get(settingsHref)).toMatchObject({
      rel: 'callForwardingSettings',
      activePeriod: 'Always',
      activeSetting: 'None',
      unansweredCallHandling: 'Enabled',
      _embedded: {
        immediateForwardSettings: { rel: 'immediateForwardSettings', target: 'None' },
        simultaneousRingSettings: { rel: 'simultaneousRingSettings', target: 'None', ringDelay: 0 },
        unansweredCallSettings: { rel: 'unansweredCallSettings', target: 'Voicemail', ringDelay: 20 },
      },
    });
    expect(Object.keys(links).sort()).toEqual(
      [
        'self',
        'turnOffCallForwarding',
        'immediateForwardToContact',
        'immediateForwardToDelegates',
        'immediateForwardToVoicemail',
        'simultaneousRingToContact',
        'simultaneousRingToDelegates',
        'simultaneousRingToTeam',
        'resetUnansweredCallSettings',
        'unansweredCallToContact',
        'unansweredCallToVoicemail',
      ].sort(),
    );
    expect(await session.get(policiesHref)).toMatchObject({ rel: 'policies', voicemailUri: VOICEMAIL });
  });

  it('forward immediately to a number: an updated event from me, the contact link, and a call rings the number, not the user', async () => {
    const session = await signIn();
    const { settingsHref, links } = await forwardingLinks(session);
    const mark = session.events().length;
    expect(await status(session.post(links.immediateForwardToContact!, { json: { target: ADA_NUMBER } }))).toBe(204);
    const event = await session.nextEvent('forwarding updated', mark, (e) => e.rel === 'callForwardingSettings');
    expect(event).toMatchObject({ sender: { rel: 'me' }, type: 'updated', href: expect.stringMatching(/\/me\/callForwardingSettings$/) });
    const settings = (await session.get(settingsHref)) as unknown as Settings & { activeSetting: string };
    expect(settings).toMatchObject({ activeSetting: 'ImmediateForward', _embedded: { immediateForwardSettings: { target: 'Contact' } } });
    const contact = await session.get(settings._embedded.immediateForwardSettings!._links.contact!.href);
    expect(contact).toMatchObject({ uri: ADA_NUMBER });

    const beforeCall = session.events().length;
    const placed = session.service.placeCall(scriptedCaller().request);
    expect(await placed.outcome).toMatchObject({ status: 'Failure', reason: { subcode: 'Forwarded' } });
    expect(session.service.forwarding.rung).toEqual([{ from: 'sip:grace@contoso.com', to: ADA_NUMBER, rule: 'ImmediateForward' }]);
    expect(
      session
        .events()
        .slice(beforeCall)
        .filter((e) => e.rel === 'audioVideoInvitation'),
    ).toEqual([]);

    // Turned off: the next call rings the user again.
    await session.post(links.turnOffCallForwarding!);
    const ringing = session.events().length;
    const second = session.service.placeCall(scriptedCaller().request);
    await session.nextEvent('the invitation', ringing, (e) => e.rel === 'audioVideoInvitation' && e.type === 'started');
    second.cancel();
  });

  it('refuses what the pages refuse: a target that is no tel: or sip: URI or over 80 characters, delays out of range, delegates none configured, unanswered while forwarding immediately', async () => {
    const session = await signIn({ forwarding: { delegates: [] } });
    const { settingsHref, links } = await forwardingLinks(session);
    for (const target of ['javascript:alert(1)', '+14255550123', `sip:${'a'.repeat(80)}@x.y`, 'sip:ada@contoso.com;transport=tcp', 42]) {
      expect(await status(session.post(links.immediateForwardToContact!, { json: { target } }))).toBe('400 ParameterValidationFailure');
    }
    expect(await status(session.post(links.simultaneousRingToTeam!, { json: { ringDelay: 56 } }))).toBe('400 ParameterValidationFailure');
    expect(await status(session.post(links.unansweredCallToVoicemail!, { json: { ringDelay: 4 } }))).toBe('400 ParameterValidationFailure');
    expect(await status(session.post(links.immediateForwardToDelegates!))).toBe('403 NoDelegatesConfigured');
    expect(await status(session.post(links.immediateForwardToVoicemail!))).toBe(204);
    expect(await status(session.post(links.unansweredCallToVoicemail!, { json: { ringDelay: 10 } }))).toBe('403');
    expect(await status(session.post(`${settingsHref}/unknownLink`))).toBe('404');
    expect(await session.get(settingsHref)).toMatchObject({
      activeSetting: 'ImmediateForward',
      _embedded: { immediateForwardSettings: { target: 'Voicemail' } },
    });
  });

  it('simultaneous ring: the user rings and, after the ring delay, so does the contact', async () => {
    const session = await signIn({ forwarding: { secondMs: 10 } });
    const { links } = await forwardingLinks(session);
    await session.post(links.simultaneousRingToContact!, { json: { target: 'sip:chat@softphone.local' } });
    const mark = session.events().length;
    const placed = session.service.placeCall(scriptedCaller().request);
    await session.nextEvent('the invitation', mark, (e) => e.rel === 'audioVideoInvitation' && e.type === 'started');
    await eventually('the contact rung', () => session.service.forwarding.rung.length > 0);
    expect(session.service.forwarding.rung).toEqual([{ from: 'sip:grace@contoso.com', to: 'sip:chat@softphone.local', rule: 'SimultaneousRing' }]);
    placed.cancel();
  });

  it('an unanswered call stops ringing the user after its delay, missed, and goes to voicemail; with Workhours, nothing happens out of hours', async () => {
    let workHours = true;
    const session = await signIn({ forwarding: { secondMs: 10, workHours: () => workHours } });
    const { settingsHref, links } = await forwardingLinks(session);
    expect(await status(session.post(links.unansweredCallToVoicemail!, { json: { ringDelay: 5 } }))).toBe(204);
    const placed = session.service.placeCall(scriptedCaller().request);
    expect(await placed.outcome).toMatchObject({ status: 'Failure', reason: { code: 'Informational', subcode: 'Missed' } });
    expect(session.service.forwarding.rung).toEqual([{ from: 'sip:grace@contoso.com', to: VOICEMAIL, rule: 'Unanswered' }]);

    await session.post(links.immediateForwardToContact!, { json: { target: ADA_NUMBER } });
    await session.put(settingsHref, { activePeriod: 'Workhours' });
    workHours = false;
    const mark = session.events().length;
    const outOfHours = session.service.placeCall(scriptedCaller().request);
    await session.nextEvent('the invitation out of hours', mark, (e) => e.rel === 'audioVideoInvitation' && e.type === 'started');
    outOfHours.cancel();
    expect(session.service.forwarding.rung).toHaveLength(1);
  });
});
