import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { diagnosticsBundle } from '../../main/diagnostics/bundle.js';
import type { CommandRouter } from '../../main/ipc/router.js';
import { openAppLog } from '../../main/logging/appLog.js';
import { logCommands } from '../../main/logging/commandLog.js';
import { HIDDEN } from '../../main/logging/contactAddresses.js';
import { LogLevelError, logLevelFrom, parseLogLevel } from '../../main/logging/logLevel.js';
import { REDACTED, redactLogMessage, redactSecrets, redactValue } from '../../main/logging/redact.js';
import { callEndedLine } from '../../main/logging/callEnds.js';
import { logSnapshotEvents, snapshotEvents } from '../../main/logging/snapshotEvents.js';
import { HttpError } from '../../main/ucwa/errors.js';
import { DEFAULT_SETTINGS, type AppSnapshot } from '../../preload/shared/contract.js';
import { appSnapshot, callSnapshot, historyEntry } from '../support/snapshots.js';

const TOKEN = 'cwt=AAEBHAEFAAAAAAAFFQAAAPi0oTlY7KfG_9mP8xAAAADaQ3K2fOqgs5U0W8l-Yt1r';
const versions = { app: '0.1.0', electron: '45.6.1', chrome: '142.0.7444.59', node: '22.20.0', os: 'Linux 6.1 (x64)' };
const TICKET = 'YIIFzQYGKwYBBQUCoIIFwTCCBb2gMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCg==';

describe('redaction', () => {
  it('removes UCWA tokens from Authorization headers and anywhere else', () => {
    expect(redactSecrets(`Authorization: Bearer ${TOKEN}`)).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactSecrets(`{"authorization":"Bearer ${TOKEN}"}`)).toBe(`{"authorization":"Bearer ${REDACTED}"}`);
    expect(redactSecrets(`GET /ucwa/x failed; token ${TOKEN} expired`)).toBe(`GET /ucwa/x failed; token cwt=${REDACTED} expired`);
    expect(redactSecrets(`ms_rtc_renew=cwt%3D${TOKEN.slice(4)}&grant_type=x`)).toBe(`ms_rtc_renew=${REDACTED}&grant_type=x`);
    expect(redactSecrets(`renew with cwt%3D${TOKEN.slice(4)}`)).toBe(`renew with cwt%3D${REDACTED}`);
    expect(redactSecrets(`authorization: 'MsRtcOAuth secret-value'`)).toBe(`authorization: 'MsRtcOAuth ${REDACTED}'`);
  });

  it('removes access tokens and passwords from JSON and form bodies', () => {
    expect(redactSecrets(`{"access_token":"${TOKEN}","expires_in":28800,"token_type":"Bearer"}`)).toBe(
      `{"access_token":"${REDACTED}","expires_in":28800,"token_type":"Bearer"}`,
    );
    expect(redactSecrets(`{ "password" : "p\\"ss w0rd}", "username": "ada" }`)).toBe(`{ "password" : "${REDACTED}", "username": "ada" }`);
    expect(redactSecrets('grant_type=password&username=ada%40contoso.com&password=p%26ss')).toBe(
      `grant_type=password&username=ada%40contoso.com&password=${REDACTED}`,
    );
    expect(redactSecrets('https://example.com/cb?access_token=abc.def&state=1')).toBe(`https://example.com/cb?access_token=${REDACTED}&state=1`);
    expect(redactSecrets("{ password: 'hunter2', user: 'ada' }")).toBe(`{ password: '${REDACTED}', user: 'ada' }`);
    expect(redactSecrets('new_password=x&Password=y')).toBe(`new_password=${REDACTED}&Password=${REDACTED}`);
  });

  it('removes Negotiate and NTLM tickets but keeps the challenge that names them', () => {
    expect(redactSecrets(`Authorization: Negotiate ${TICKET}`)).toBe(`Authorization: Negotiate ${REDACTED}`);
    expect(redactSecrets(`WWW-Authenticate: Negotiate ${TICKET}`)).toBe(`WWW-Authenticate: Negotiate ${REDACTED}`);
    expect(redactSecrets(`NTLM ${TICKET}`)).toBe(`NTLM ${REDACTED}`);
    expect(redactSecrets('WWW-Authenticate: Negotiate, NTLM')).toBe('WWW-Authenticate: Negotiate, NTLM');
  });

  it('removes short bearer tokens, more password and key fields, URL credentials, cookies and SDP keys', () => {
    expect(redactSecrets('proxy said: Bearer abc123')).toBe(`proxy said: Bearer ${REDACTED}`);
    for (const field of ['pwd', 'passwd', 'conferenceKey', 'turnPassword']) {
      expect(redactSecrets(`{"${field}":"s3cret","user":"ada"}`)).toBe(`{"${field}":"${REDACTED}","user":"ada"}`);
      expect(redactValue({ [field]: 's3cret' })).toEqual({ [field]: REDACTED });
    }
    expect(redactSecrets('GET https://ada:s3cret@lync.contoso.com/x failed')).toBe(`GET https://ada:${REDACTED}@lync.contoso.com/x failed`);
    expect(redactSecrets('Cookie: session=abc; theme=dark')).toBe(`Cookie: ${REDACTED}`);
    expect(redactSecrets('set-cookie: id=xyz; HttpOnly')).toBe(`set-cookie: ${REDACTED}`);
    expect(redactSecrets('sign-in failed, password: hunter2 was refused')).toBe(`sign-in failed, password: ${REDACTED} was refused`);
    // As SDP (CRLF lines) and as SDP inside JSON text (escaped line ends).
    const key = 'd0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj';
    for (const eol of ['\r\n', '\\r\\n']) {
      const sdp = `a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:${key}|2^31${eol}a=ice-pwd:asd88fgpdd777uzjYhagZg${eol}a=ice-ufrag:tlMR${eol}`;
      expect(redactSecrets(sdp)).toBe(`a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:${REDACTED}|2^31${eol}a=ice-pwd:${REDACTED}${eol}a=ice-ufrag:tlMR${eol}`);
    }
  });

  it('keeps what grants nothing: sessionContext, hrefs, prose', () => {
    const text =
      'POST https://lync.contoso.com/ucwa/oauth/v1/applications/101/communication/conversations/1/audioVideo/acceptWithAnswer?sessionContext=7f3a2c1e-9b8d-4f6a-8e2d-1c3b5a7d9e0f 409 Conflict; sign in with Negotiate then NTLM';
    expect(redactSecrets(text)).toBe(text);
  });

  it('reduces a URL to the resource kinds and ids: no SIP address, tel: URI or phone number in a path or query', () => {
    const app = 'https://lync.contoso.com/ucwa/oauth/v1/applications/123';
    for (const [url, reduced] of [
      [`${app}/people/sip:ada@contoso.com/presence`, `${app}/people/${HIDDEN}/presence`],
      [`${app}/people/sip%3Aada%40contoso.com/contactPresence`, `${app}/people/${HIDDEN}/contactPresence`],
      [`${app}/people/ada@contoso.com/contactPhoto`, `${app}/people/${HIDDEN}/contactPhoto`],
      [`${app}/people/tel:+14255550100`, `${app}/people/${HIDDEN}`],
      [`${app}/people/%2B14255550100/presence`, `${app}/people/${HIDDEN}/presence`],
      [`${app}/communication/conversations/271/participants/dele@olajide.net`, `${app}/communication/conversations/271/participants/${HIDDEN}`],
      [
        `${app}/communication/callMediaDiagnostics?callId=fc86&fromUri=sip%3adele%40olajide.net&mediaType=Audio`,
        `${app}/communication/callMediaDiagnostics?callId=fc86&fromUri=${HIDDEN}&mediaType=Audio`,
      ],
      ['/ucwa/oauth/v1/applications/123/people/sip:ada@contoso.com/presence', `/ucwa/oauth/v1/applications/123/people/${HIDDEN}/presence`],
      [`${app}/people/search?query=ada+lov&limit=20`, `${app}/people/search?query=${HIDDEN}&limit=20`],
    ]) {
      expect(redactSecrets(`HTTP 404 from ${url}`)).toBe(`HTTP 404 from ${reduced}`);
    }
    expect(redactSecrets('A link was refused (scheme): sip:ada@contoso.com;transport=tls, tel:+1-425-555-0100 and grace@contoso.com')).toBe(
      `A link was refused (scheme): sip:${HIDDEN};transport=tls, tel:${HIDDEN} and ${HIDDEN}`,
    );
    expect(redactSecrets('Softphone could not register itself for sip: links; werift@0.24.4 loaded')).toBe(
      'Softphone could not register itself for sip: links; werift@0.24.4 loaded',
    );
  });

  it('redacts objects by key and value, errors with their message and stack, without touching the originals', () => {
    const grant = {
      grant: 'password',
      username: 'ada',
      password: 'hunter2',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    };
    expect(redactValue(grant)).toEqual({
      grant: 'password',
      username: 'ada',
      password: REDACTED,
      headers: { Authorization: REDACTED, 'Content-Type': 'application/json' },
    });
    expect(grant.password).toBe('hunter2');
    expect(redactValue({ token: { accessToken: TOKEN, expiresAt: 1 }, conferenceKey: '1234', list: [`x ${TOKEN}`] })).toEqual({
      token: { accessToken: REDACTED, expiresAt: 1 },
      conferenceKey: REDACTED,
      list: [`x cwt=${REDACTED}`],
    });

    class HttpError extends Error {
      override name = 'HttpError';
      constructor(readonly url: string) {
        super(`401 for ${url} with Bearer ${TOKEN}`);
      }
    }
    const error = new HttpError('https://lync.contoso.com/ucwa?sessionContext=1');
    const copy = redactValue(error) as HttpError;
    expect(copy).toBeInstanceOf(HttpError);
    expect(copy.message).toBe(`401 for https://lync.contoso.com/ucwa?sessionContext=1 with Bearer ${REDACTED}`);
    expect(copy.stack).not.toContain(TOKEN);
    expect(copy.url).toBe(error.url);
    expect(error.message).toContain(TOKEN);
    expect(inspect(copy)).toContain(`HttpError: 401 for https://lync.contoso.com/ucwa?sessionContext=1 with Bearer ${REDACTED}\n    at `);

    const cyclic: Record<string, unknown> = { password: 'x' };
    cyclic.self = cyclic;
    expect(redactValue(cyclic)).toEqual({ password: REDACTED, self: '[circular]' });
    expect(redactValue(new Map([['password', 'hunter2']]))).toBe(`Map(1) { 'password' => '${REDACTED}' }`);
    expect(redactValue(new URL(`https://x.example/?access_token=abc`))).toContain(`access_token=${REDACTED}`);
    expect(redactValue(42)).toBe(42);
  });

  it('is an electron-log hook: the message data is redacted, the rest kept', () => {
    const date = new Date();
    expect(redactLogMessage({ data: [`sent ${TOKEN}`, { password: 'x' }], level: 'info', date })).toEqual({
      data: [`sent cwt=${REDACTED}`, { password: REDACTED }],
      level: 'info',
      date,
    });
  });
});

describe('log level', () => {
  it('is info unless the flag or SOFTPHONE_LOG_LEVEL says otherwise; the flag wins', () => {
    expect(logLevelFrom(['app'], {})).toEqual({ level: 'info' });
    expect(logLevelFrom(['app'], { SOFTPHONE_LOG_LEVEL: 'DEBUG' })).toEqual({ level: 'debug' });
    expect(logLevelFrom(['app', '--log-level=warn'], { SOFTPHONE_LOG_LEVEL: 'debug' })).toEqual({ level: 'warn' });
    expect(logLevelFrom(['app', '--log-level=silly'], {})).toEqual({ level: 'silly' });
  });

  it('falls back to info with a problem to log when the level is unknown', () => {
    expect(logLevelFrom(['app', '--log-level=loud'], {})).toEqual({
      level: 'info',
      problem: 'Unknown log level "loud": use one of error, warn, info, verbose, debug, silly.',
    });
    expect(() => parseLogLevel('trace')).toThrow(LogLevelError);
  });
});

describe('the app log', () => {
  const directories: string[] = [];
  const directory = () => {
    const made = mkdtempSync(join(tmpdir(), 'softphone-log-'));
    directories.push(made);
    return made;
  };
  afterEach(() => {
    for (const made of directories.splice(0)) rmSync(made, { recursive: true, force: true });
  });

  it('writes main.log at the chosen level, redacted', () => {
    const folder = directory();
    const { logger, readLogFiles } = openAppLog({ directory: folder, level: 'warn', console: false });
    logger.info('not at this level');
    logger.warn('token refused', { authorization: `Bearer ${TOKEN}` });
    logger.error('sign-in failed', new Error(`password=hunter2 rejected`));
    const text = readFileSync(join(folder, 'main.log'), 'utf8');
    expect(text).not.toContain('not at this level');
    expect(text).toContain('[warn]');
    expect(text).toContain(`authorization: '${REDACTED}'`);
    expect(text).toContain(`password=${REDACTED} rejected`);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('hunter2');
    expect(readLogFiles().map((file) => file.path)).toEqual([join(folder, 'main.log')]);
  });

  it('writes debug lines only at the debug level: each command a window sends, with its outcome and without its content', async () => {
    const route: CommandRouter = async (_sender, raw) =>
      (raw as { type?: string }).type === 'answer' ? { ok: false, error: { code: 'IllegalAction', message: 'no' } } : { ok: true, snapshot: appSnapshot() };
    const sender = { url: 'app://softphone' };
    for (const level of ['debug', 'info'] as const) {
      const folder = directory();
      const { logger } = openAppLog({ directory: folder, level, console: false });
      const logged = logCommands(route, logger);
      await logged(sender, { type: 'answer', callId: 'call-7f3e', sdp: 'v=0 secret-sdp' });
      await logged(sender, { type: 'getSnapshot' });
      await logged(sender, { type: '<script>', text: 'hello' });
      logger.info('written at both levels');
      const text = readFileSync(join(folder, 'main.log'), 'utf8');
      if (level === 'info') {
        expect(text).not.toContain('command');
        continue;
      }
      expect(text).toContain('command answer: IllegalAction');
      expect(text).toContain('command getSnapshot: ok');
      expect(text).toContain('command (not a command): ok');
      expect(text).not.toMatch(/secret-sdp|call-7f3e|hello|<script>/);
    }
  });

  it('writes a server error without the contact’s address it failed on, in the log and in the diagnostics bundle', () => {
    const folder = directory();
    const { logger, readLogFiles } = openAppLog({ directory: folder, level: 'info', console: false });
    const url = 'https://lync.contoso.com/ucwa/oauth/v1/applications/123/people/sip:ada@contoso.com/presence';
    logger.warn('Server problem', new HttpError(404, url, 'NotFound'));
    const line = readFileSync(join(folder, 'main.log'), 'utf8');
    const bundle = diagnosticsBundle({ createdAt: new Date(), versions, settings: DEFAULT_SETTINGS, policy: undefined, logFiles: readLogFiles() });
    for (const text of [line, bundle]) {
      expect(text).toContain(`HttpError: HTTP 404 NotFound from https://lync.contoso.com/ucwa/oauth/v1/applications/123/people/${HIDDEN}/presence`);
      expect(text).not.toContain('ada@contoso.com');
      expect(text).not.toContain('sip:');
    }
    // A log written before the rule (by an older version) loses the address in the bundle all the same.
    const older = diagnosticsBundle({
      createdAt: new Date(),
      versions,
      settings: DEFAULT_SETTINGS,
      policy: undefined,
      logFiles: [{ path: 'main.log', lines: [`[warn] HTTP 404 from ${url}`] }],
    });
    expect(older).not.toContain('ada@contoso.com');
  });

  it('rotates at the size limit and keeps one old file', () => {
    const folder = directory();
    const { logger, readLogFiles } = openAppLog({ directory: folder, level: 'info', console: false, maxBytes: 2_000 });
    for (let line = 0; line < 200; line++) logger.info(`line ${line} ${'x'.repeat(40)}`);
    expect(readdirSync(folder).sort()).toEqual(['main.log', 'main.old.log']);
    const files = readLogFiles();
    expect(files).toHaveLength(2);
    expect(files.flatMap((file) => file.lines).join('\n')).toContain('line 199');
    expect(existsSync(join(folder, 'main.old.old.log'))).toBe(false);
  });
});

const call = callSnapshot;
const snapshot = appSnapshot;

describe('snapshot events in the log', () => {
  it('say what changed, by id and kind, never by name or address', () => {
    const first = snapshot({ account: { state: 'signingIn', server: 'remote' } });
    expect(snapshotEvents(undefined, first)).toEqual(['Account signingIn']);
    const ringing = snapshot({ calls: [call('c1')] });
    expect(snapshotEvents(first, ringing)).toEqual(['Account signedIn', 'Call c1 (audioVideo, incoming) ringing']);
    expect(snapshotEvents(ringing, ringing)).toEqual([]);
    const meeting = snapshot({
      calls: [call('m1', { kind: 'onlineMeeting', direction: 'Outgoing', phase: 'connected', meetingMedia: { phase: 'connected' } })],
    });
    expect(snapshotEvents(ringing, meeting)).toEqual(['Call m1 (onlineMeeting, outgoing) connected', 'Call m1 meeting audio and video connected']);
    // How a call ended is callEnds.ts's line, from where calls end: the history in the snapshot adds none.
    const ended = snapshot({ history: { recent: [historyEntry('c1', { endCode: 'Gone/Timeout', ending: 'Missed' })] } });
    expect(snapshotEvents(ringing, ended)).toEqual([]);
    expect(callEndedLine(call('c1', { phase: 'ended', end: { outcome: 'missed', code: 'Gone', subcode: 'Timeout', message: 'Missed', endedAt: 1 } }))).toBe(
      'Call c1 (audioVideo) ended: missed (Gone/Timeout)',
    );
    // A failed call adds the sentence it shows: the media bridge's counts of what it refused reach the log.
    const mismatch = 'The caller’s audio is encrypted with another key than the one it offered (212 packets in 4 s, none authentic).';
    const failed = call('c1', { phase: 'ended', end: { outcome: 'failed', code: 'EncryptionMismatch', message: mismatch, endedAt: 1 } });
    expect(callEndedLine(failed)).toBe(`Call c1 (audioVideo) ended: failed (EncryptionMismatch): ${mismatch}`);
    expect(snapshotEvents(ringing, snapshot({ account: { state: 'failed', server: 'remote', problem: 'The server could not be reached.' } }))).toContain(
      'Account failed: The server could not be reached.',
    );
  });

  it('are logged from the current snapshot on', () => {
    const lines: string[] = [];
    const listeners: ((s: AppSnapshot) => void)[] = [];
    const source = { snapshot: () => snapshot(), subscribe: (listener: (s: AppSnapshot) => void) => (listeners.push(listener), () => undefined) };
    logSnapshotEvents(source, { info: (line) => lines.push(line), warn: () => undefined, error: () => undefined, debug: () => undefined });
    listeners[0]?.(snapshot({ calls: [call('c2')] }));
    expect(lines).toEqual(['Account signedIn', 'Call c2 (audioVideo, incoming) ringing']);
  });
});
