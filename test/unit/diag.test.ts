import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiag, type DiagIo } from '../../main/cli/diag.js';
import { seedJsonSamples } from '../support/seeds.js';
import { CHROME_OFFER, scriptedCaller, startService } from '../support/localServer.js';
import { messagingInvitation } from '../../main/local/invitationResources.js';
import { INVITATION_FIELDS } from '../fuzz/samples.js';
import { lyncMultipartBody, SFB_OFFER } from '../support/sdp.js';

function capture(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: DiagIo = { out: (line) => out.push(line), err: (line) => err.push(line), env };
  return { io, out, err };
}

describe('diag', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'softphone-diag-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('sdp: analyses an offer and says whether it can be answered', async () => {
    const { io, out, err } = capture();
    expect(await runDiag(['sdp', file('offer.sdp', CHROME_OFFER)], io)).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ dialect: 'webrtc', answerable: true, hasVideo: true });
    expect(err[0]).toBe('This client can answer it (webrtc).');
  });

  it('sdp: says the media bridge answers a Skype for Business offer, or why it cannot', async () => {
    const bridged = capture();
    expect(await runDiag(['sdp', file('sfb.sdp', SFB_OFFER)], bridged.io)).toBe(0);
    expect(JSON.parse(bridged.out[0]!)).toMatchObject({
      dialect: 'sfb-sdes',
      viaBridge: true,
      bridge: { candidates: { usable: 1, skipped: 1 }, key: { mkiBytes: 1 } },
    });
    expect(bridged.err[0]).toBe('The media bridge will answer it (sfb-sdes): audio passed through as it is (G722, PCMU, PCMA).');
    const refused = capture();
    expect(await runDiag(['sdp', file('silk.sdp', SFB_OFFER.replace(/RTP\/AVP .*/, 'RTP/AVP 104'))], refused.io)).toBe(0);
    expect(refused.err[0]).toMatch(/^This client cannot answer it: .*SILK.* \(declined with CodecMismatch\)$/);
  });

  it('sdp: reads a Lync multipart offer as a SIP capture carries it, its boundary in the Content-Type line', async () => {
    const body = lyncMultipartBody(SFB_OFFER, { boundary: '----=_NextPart_000_001C_01D282D0.D2055920' });
    const invite = [
      'INVITE sip:bob@contoso.com SIP/2.0',
      'Content-Type: multipart/alternative;boundary="----=_NextPart_000_001C_01D282D0.D2055920"',
      '',
      body,
    ].join('\r\n');
    const run = capture();
    expect(await runDiag(['sdp', file('invite.txt', invite)], run.io)).toBe(0);
    expect(JSON.parse(run.out[0]!)).toMatchObject({
      dialect: 'multipart',
      viaBridge: true,
      bridge: { processedOfferId: '<rfc5245@contoso.com>', candidates: { usable: 1 } },
    });
  });

  it('resource: prints the normalised invitation and event batches of the seeds', async () => {
    const samples = seedJsonSamples();
    const invitation = samples.find(({ json }) => json.rel === 'audioVideoInvitation')!;
    const run = capture();
    expect(await runDiag(['resource', file('av.json', JSON.stringify(invitation.json))], run.io)).toBe(0);
    expect(JSON.parse(run.out[0]!)).toMatchObject({ kind: 'audioVideoInvitation', subject: 'Strategy for next quarter', from: { name: 'Joe Smith' } });

    const batch = samples.find(({ json }) => 'sender' in json)!;
    const events = capture();
    expect(await runDiag(['resource', file('events.json', JSON.stringify(batch.json))], events.io)).toBe(0);
    expect(JSON.parse(events.out[0]!)).toMatchObject({ kind: 'events', events: [{ sender: { rel: 'communication' } }] });
  });

  it('resource: an event batch prints each embedded resource as resource prints it alone: the first message decoded, not a data: link', async () => {
    const json = messagingInvitation(INVITATION_FIELDS, 'Hi Tosh, got a minute?', 'ucwa');
    const alone = capture();
    expect(await runDiag(['resource', file('im.json', JSON.stringify(json))], alone.io)).toBe(0);
    const event = (embedded: unknown) => ({
      link: { rel: 'messagingInvitation', href: INVITATION_FIELDS.href },
      type: 'started',
      _embedded: { messagingInvitation: embedded },
    });
    const batch = (...events: unknown[]) => ({
      _links: { self: { href: '/events?ack=1' }, next: { href: '/events?ack=2' } },
      sender: [{ rel: 'communication', href: '/communication', events }],
    });
    const run = capture();
    expect(await runDiag(['resource', file('im-events.json', JSON.stringify(batch(event(json))))], run.io)).toBe(0);
    const printed = JSON.parse(run.out[0]!) as { events: Array<{ embedded: unknown }> };
    expect(printed.events[0]!.embedded).toEqual(JSON.parse(alone.out[0]!));
    expect(printed.events[0]!.embedded).toMatchObject({ kind: 'messagingInvitation', message: { mediaType: 'text/plain', text: 'Hi Tosh, got a minute?' } });

    // One that does not read is rejected beside the batch's own, as it would be alone (exit 2); the rest still print.
    const bad = capture();
    expect(await runDiag(['resource', file('bad-events.json', JSON.stringify(batch(event({ rel: 'messagingInvitation' }), event(json))))], bad.io)).toBe(2);
    const printedBad = JSON.parse(bad.out[0]!) as { events: Array<{ embedded: unknown }>; rejected: string[] };
    expect(printedBad.rejected).toEqual([expect.stringMatching(/Malformed messagingInvitation/)]);
    expect(printedBad.events[1]!.embedded).toEqual(JSON.parse(alone.out[0]!));
  });

  it.each([
    [['resource', '/nonexistent/x.json'], /no such file/],
    [['resource'], /resource needs a JSON file/],
    [['frobnicate'], /Unknown command "frobnicate"/],
    [[], /No command given/],
    [['discover', 'not-an-address'], /is not user@domain/],
  ])('exits 2 with a clear message on bad input: %j', async (argv, message) => {
    const { io, err } = capture();
    expect(await runDiag(argv, io)).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });

  it('resource: a file that starts with a byte order mark reads as without it', async () => {
    const invitation = seedJsonSamples().find(({ json }) => json.rel === 'audioVideoInvitation')!;
    const run = capture();
    expect(await runDiag(['resource', file('bom.json', `\uFEFF${JSON.stringify(invitation.json)}`)], run.io)).toBe(0);
    expect(JSON.parse(run.out[0]!)).toMatchObject({ kind: 'audioVideoInvitation', subject: 'Strategy for next quarter' });
  });

  it('resource: a file that is not JSON, or not an invitation, is bad input', async () => {
    for (const [name, content, message] of [
      ['garbage.json', '{"rel": "audioVideoInvitation", ', /not valid JSON/],
      ['other.json', '{"rel": "contact", "name": "x"}', /"contact" is not an invitation resource/],
      ['short.json', JSON.stringify({ rel: 'messagingInvitation', direction: 'Incoming' }), /messagingInvitation\.state/],
    ] as const) {
      const { io, err } = capture();
      expect(await runDiag(['resource', file(name, content)], io)).toBe(2);
      expect(err.join('\n')).toMatch(message);
    }
  });

  it('signin and watch against a server; a wrong password fails with exit 1', async () => {
    const { service, rootUrl } = await startService({ maxHoldSeconds: 1 });
    try {
      const env = { SOFTPHONE_ROOT_URL: rootUrl.href, SOFTPHONE_USERNAME: service.credentials.username, SOFTPHONE_PASSWORD: service.credentials.password };
      const signin = capture(env);
      expect(await runDiag(['signin'], signin.io)).toBe(0);
      expect(JSON.parse(signin.out[0]!)).toMatchObject({ signedIn: service.user.uri });

      const watch = capture(env);
      const watching = runDiag(['watch', '--for', '1.5'], watch.io);
      setTimeout(() => service.placeCall(scriptedCaller().request), 500);
      expect(await watching).toBe(0);
      expect(watch.out.map((line) => JSON.parse(line) as { rel: string; type: string })).toContainEqual(
        expect.objectContaining({ rel: 'audioVideoInvitation', type: 'started' }),
      );

      const refused = capture({ ...env, SOFTPHONE_PASSWORD: 'wrong' });
      expect(await runDiag(['signin'], refused.io)).toBe(1);
      expect(refused.err.join('\n')).toMatch(/Failed: HTTP 400/);

      const missing = capture({ SOFTPHONE_ROOT_URL: rootUrl.href });
      expect(await runDiag(['signin'], missing.io)).toBe(2);
      expect(missing.err.join('\n')).toMatch(/User name is needed/);
    } finally {
      await service.stop();
    }
  });
});
