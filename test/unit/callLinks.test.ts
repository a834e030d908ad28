// sip: and tel: links that name a person, through the core as the app takes them: the link waits for the
// person's word (Core.requestFromLink, as the Electron adapter hands it over); Not now places nothing; Call is
// the window's startCall, as Home's Call button sends it, and then its answer to the link.
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { createCommandRouter } from '../../main/ipc/router.js';
import { linkActionFromArgv } from '../../main/links/linkAction.js';
import { offeringPeersPerTest } from '../support/offeringPeer.js';
import { published } from '../support/published.js';

const ADAS_NUMBER = 'tel:+14255550123';
const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';
const sender = { url: 'app://softphone/index.html' };
const offeringPeer = offeringPeersPerTest();

let core: Core | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

async function start() {
  core = await Core.start({ endpointId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d', userAgent: 'softphone-links', local: { calleeAnswerMs: 0 } });
  return { core, service: core.localService!, route: createCommandRouter(core, ['app://softphone']) };
}

/** The link another application opened, as the Electron adapter reads it from the command line. */
function linkFrom(link: string) {
  const action = linkActionFromArgv(['/opt/Softphone/softphone', '--', link]);
  if (!action) throw new Error(`${link} was no link`);
  return action;
}

describe('a link that names a person', () => {
  it('asks first: Not now places nothing; Call places the call to the callee the number names, as Home’s Call button does', async () => {
    const { core, service, route } = await start();
    const link = linkFrom('tel:+1-425-555-0123');
    expect(link).toEqual({ kind: 'call', address: ADAS_NUMBER });

    core.requestFromLink(link);
    const declined = core.snapshot().linkRequest;
    expect(declined).toMatchObject({ kind: 'call', address: ADAS_NUMBER });
    const notNow = await route(sender, { type: 'answerLinkRequest', id: declined!.id, accept: false });
    expect(notNow.ok && notNow.snapshot).toMatchObject({ calls: [], history: { recent: [] } });
    expect(core.snapshot().linkRequest).toBeUndefined();
    expect(service.callPlacedTo(ADAS_NUMBER)).toBeUndefined();

    core.requestFromLink(link);
    const request = core.snapshot().linkRequest;
    if (request?.kind !== 'call') throw new Error('the link does not ask to call');
    const user = await offeringPeer({ video: false });
    const placed = await route(sender, { type: 'startCall', to: request.address, video: false, sdp: user.offerSdp });
    if (!placed.ok || !placed.callId) throw new Error(`the call was not placed: ${JSON.stringify(placed)}`);
    const callId = placed.callId;
    expect(await route(sender, { type: 'answerLinkRequest', id: request.id, accept: true })).toMatchObject({ ok: true });
    expect(core.snapshot().linkRequest).toBeUndefined();

    // The local service's directory has a callee for this number: Ada, who answers.
    const answer = await published(
      core,
      (snapshot) => snapshot.calls.find((call) => call.id === callId)?.remoteAnswer ?? snapshot.history.recent.find((entry) => entry.id === callId),
    );
    expect(answer).toMatchObject({ provisional: false });
    await user.pc.setRemoteDescription({ type: 'answer', sdp: (answer as { sdp: string }).sdp });
    const connected = await published(
      core,
      (snapshot) =>
        snapshot.calls.find((call) => call.id === callId && call.phase === 'connected') ?? snapshot.history.recent.find((entry) => entry.id === callId),
    );
    expect(connected).toMatchObject({ phase: 'connected', to: ADAS_NUMBER, context: { to: 'Ada Lovelace' } });
    // A number is reached through the Mediation Server: the offer went in its dialect, from the bridge.
    expect(connected).toMatchObject({ dialect: 'skypeForBusiness' });
    expect(service.callPlacedTo(ADAS_NUMBER)?.media.offerSdp).toMatch(/^a=crypto:/m);
  });

  it('a sip: conference URI still joins the meeting once the person accepts', async () => {
    const { core, service, route } = await start();
    service.createMeeting(MEETING, { subject: 'Weekly sync' });
    core.requestFromLink(linkFrom(MEETING));
    const request = core.snapshot().linkRequest;
    expect(request).toMatchObject({ kind: 'joinMeeting', uri: MEETING });
    expect(await route(sender, { type: 'answerLinkRequest', id: request!.id, accept: true })).toMatchObject({ ok: true });
    await published(core, (snapshot) => snapshot.calls.find((call) => call.kind === 'onlineMeeting' && call.phase === 'connected'));
  });
});
