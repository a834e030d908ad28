import { afterEach, describe, expect, it } from 'vitest';
import type { LocalUcwaService } from '../../main/local/service.js';
import { GrantNotOfferedError, SignInRefusedError } from '../../main/ucwa/auth.js';
import type { FetchLike } from '../../main/ucwa/http.js';
import { eventually, scriptedCaller, signedInCalls, startService, connectClient } from '../support/localServer.js';

const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';
const PHONE = 'tel:+14255550100';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

/**
 * Plays the part Chromium's network stack has in the app (Electron `net.fetch`): it answers a
 * Negotiate challenge with the Windows logon's ticket. Real Kerberos/NTLM cannot run here.
 */
function negotiatingFetch(service: LocalUcwaService): FetchLike {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.status !== 401 || !response.headers.get('www-authenticate')?.includes('Negotiate')) return response;
    const headers = new Headers(init?.headers);
    headers.set('Authorization', `Negotiate ${service.windowsTicket}`);
    return fetch(input, { ...init, headers });
  };
}

describe('Windows sign-in (urn:microsoft.rtc:windows)', () => {
  it('signs in with no credentials in the form when the HTTP stack answers Negotiate, and is made available', async () => {
    const { service, rootUrl } = await startService();
    stop = () => service.stop();
    const { client, problems } = await connectClient(service, rootUrl, async () => {}, {
      credentials: { grant: 'windows' },
      fetch: negotiatingFetch(service),
    });
    stop = async () => {
      await client.close();
      await service.stop();
    };
    expect(client.user).toBe('sip:you@softphone.local');
    expect(service.availableModalities()).toEqual([['Audio', 'Video', 'Messaging']]);
    expect(problems).toEqual([]);
  });

  it('is refused with a typed error when nothing answers the Negotiate challenge', async () => {
    const { service, rootUrl } = await startService();
    stop = () => service.stop();
    const refused = await connectClient(service, rootUrl, async () => {}, { credentials: { grant: 'windows' } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SignInRefusedError);
    expect(refused).toMatchObject({ status: 401, grant: 'windows' });
  });

  it('is not attempted where the server does not offer it', async () => {
    const { service, rootUrl } = await startService({ grantTypes: ['password'] });
    stop = () => service.stop();
    const refused = await connectClient(service, rootUrl, async () => {}, { credentials: { grant: 'windows' } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GrantNotOfferedError);
    expect(refused).toMatchObject({ grant: 'windows', offered: ['password'] });
  });
});

describe('anonymous meeting join (urn:microsoft.rtc:anonmeeting)', () => {
  const guest = { grant: 'anonymousMeeting' as const, meetingUri: MEETING, conferenceKey: 'K7Q2', displayName: 'Visiting auditor' };

  it('joins the one meeting its token is for, under its display name, without becoming available for calls', async () => {
    const session = await signedInCalls({
      client: { credentials: guest },
      prepare: (service) => service.createMeeting(MEETING, { conferenceKey: 'K7Q2' }),
    });
    stop = session.stop;
    const { service, calls, client } = session;
    expect(client.anonymousDisplayName).toBe('Visiting auditor');
    // Never made available, so it is neither rung nor expected to report activity.
    expect(service.availableModalities()).toEqual([[]]);
    expect(await service.placeCall(scriptedCaller().request).outcome).toMatchObject({ reason: { subcode: 'TemporarilyUnavailable' } });

    const id = await calls.joinMeeting(MEETING);
    await eventually('joined', () => calls.snapshot().calls.find((c) => c.id === id && c.phase === 'connected'));
    const other = 'sip:ada@contoso.com;gruu;opaque=app:conf:focus:id:OTHER';
    service.createMeeting(other, { conferenceKey: 'K7Q2' });
    await expect(calls.joinMeeting(other)).rejects.toMatchObject({ status: 403 });

    // The hour runs out: the next request gets 401 and the guest renews with ms_rtc_renew, staying itself.
    service.expireTokens();
    expect((await client.getJson(client.base.href)).json).toMatchObject({ rel: 'application' });
    expect(service.tokensIssued()).toEqual(['anonmeeting', 'anonmeeting renewal']);

    // A guest's token opens only the guest's own application.
    const user = await connectClient(service, session.rootUrl);
    try {
      await expect(client.getJson(user.client.base.href)).rejects.toMatchObject({ status: 403 });
    } finally {
      await user.client.close();
    }
    expect(session.problems).toEqual([]);
  });

  it('a wrong conference key is refused with a typed error', async () => {
    const { service, rootUrl } = await startService();
    stop = () => service.stop();
    service.createMeeting(MEETING, { conferenceKey: 'K7Q2' });
    const refused = await connectClient(service, rootUrl, async () => {}, { credentials: { ...guest, conferenceKey: 'WRONG' } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SignInRefusedError);
    expect(refused).toMatchObject({ status: 400, grant: 'anonymousMeeting' });
  });
});

describe('makeMeAvailable with PhoneAudio', () => {
  it('with a phone number the user is available for PhoneAudio and calls offer Answer on my phone', async () => {
    const session = await signedInCalls({ client: { reachableOn: () => PHONE } });
    stop = session.stop;
    const { service, calls } = session;
    expect(service.availableModalities()).toEqual([['Audio', 'Video', 'Messaging', 'PhoneAudio']]);
    const caller = scriptedCaller();
    const leg = service.placeCall(caller.request);
    const ringing = await eventually('ringing', () => calls.snapshot().calls.find((c) => c.phase === 'ringing'));
    expect(ringing.actions).toContain('answerOnPhone');
    await calls.answerOnPhone(ringing.id);
    expect(await leg.outcome).toEqual({ status: 'Success' });
    expect(caller.answers).toEqual([]);
    await eventually('connected', () => calls.snapshot().calls.find((c) => c.phase === 'connected'));
    expect(session.problems).toEqual([]);
  });

  it('where policy refuses PhoneAudio (403) the user is still available for computer calls', async () => {
    const session = await signedInCalls({ service: { phoneAudioAllowed: false }, client: { reachableOn: () => PHONE } });
    stop = session.stop;
    const { service, calls } = session;
    expect(service.availableModalities()).toEqual([['Audio', 'Video', 'Messaging']]);
    service.placeCall(scriptedCaller().request);
    const ringing = await eventually('ringing', () => calls.snapshot().calls.find((c) => c.phase === 'ringing'));
    expect(ringing.actions).toEqual(['answer', 'provisionalAnswer', 'decline']);
    expect(session.problems).toEqual([]);
  });
});
