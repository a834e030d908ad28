import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../preload/shared/contract.js';
import { applyPolicy, lockedChangeKeys } from '../../main/policy/apply.js';
import { loadPolicy, MAX_POLICY_BYTES } from '../../main/policy/load.js';
import { policyLocations } from '../../main/policy/locations.js';
import { defaultPolicy, policySchema } from '../../main/policy/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'softphone-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** A policy file with this content, each in its own folder. */
function policyFile(content: string | Uint8Array): string {
  const folder = join(dir, `machine-${++files}`);
  mkdirSync(folder);
  const file = join(folder, 'policy.json');
  writeFileSync(file, content);
  return file;
}

const ALL_FEATURES = {
  video: true,
  messaging: true,
  meetings: true,
  addParticipant: true,
  declineWithMessage: true,
  testCall: true,
  answerOnPhone: true,
  earlyMedia: true,
  forwarding: true,
};

describe('where the admin policy is looked for', () => {
  it('is the machine-wide folder of each platform', () => {
    expect(policyLocations('win32', () => 'C:\\ProgramData')).toEqual(['C:\\ProgramData\\Softphone\\policy.json']);
    expect(policyLocations('darwin')).toEqual(['/Library/Application Support/Softphone/policy.json']);
    expect(policyLocations('linux')).toEqual(['/etc/softphone/policy.json']);
    expect(policyLocations('freebsd')).toEqual(['/etc/softphone/policy.json']);
  });
});

describe('loading the admin policy', () => {
  it('without a file gives the defaults: every feature allowed, nothing locked, updates off, no problem', () => {
    const missing = join(dir, 'nowhere', 'policy.json');
    expect(loadPolicy([missing])).toEqual({
      policy: { features: ALL_FEATURES, settings: {}, history: { maxAgeDays: 365, maxEntries: 10_000, keepMessageContent: true }, updates: { channel: 'off' } },
    });
    expect(defaultPolicy()).toEqual({
      features: ALL_FEATURES,
      settings: {},
      history: { maxAgeDays: 365, maxEntries: 10_000, keepMessageContent: true },
      updates: { channel: 'off' },
    });
  });

  it('takes the first file that exists, and a path through a file counts as no file', () => {
    const first = policyFile('{ "server": { "sipDomain": "fabrikam.com" } }');
    const second = policyFile('{ "server": { "sipDomain": "contoso.com" } }');
    const throughAFile = join(second, 'policy.json');
    const loaded = loadPolicy([join(dir, 'nowhere', 'policy.json'), throughAFile, first, second]);
    expect(loaded.source).toBe(first);
    expect(loaded.policy.server).toEqual({ sipDomain: 'fabrikam.com' });
    expect(loaded.problem).toBeUndefined();
  });

  it('an invalid first file is ignored as a whole, without falling back to a later one', () => {
    const invalid = policyFile('{ "updates": { "channel": "nightly" } }');
    const valid = policyFile('{ "updates": { "channel": "beta" } }');
    expect(loadPolicy([invalid, valid])).toEqual({
      policy: defaultPolicy(),
      problem: `The admin policy ${invalid} was ignored: updates.channel must be one of off, stable, beta.`,
    });
  });

  it('reads every key, fills in the defaults and writes the domain in lower case', () => {
    const file = policyFile(
      JSON.stringify({
        server: { sipDomain: 'Contoso.COM' },
        signIn: { method: 'windows' },
        features: { video: false, testCall: false },
        settings: {
          ringAlsoOnDefault: true,
          doNotDisturb: 'silence',
          answerShortcut: 'CommandOrControl+Alt+P',
          ringer: { label: 'Speakers (Jabra Speak 510)' },
          startAtLogin: 'shown',
        },
        history: { maxAgeDays: 30, maxEntries: 0, keepMessageContent: false },
        updates: { channel: 'stable' },
      }),
    );
    expect(loadPolicy([file])).toEqual({
      source: file,
      policy: {
        server: { sipDomain: 'contoso.com' },
        signIn: { method: 'windows' },
        features: { ...ALL_FEATURES, video: false, testCall: false },
        settings: {
          ringAlsoOnDefault: true,
          doNotDisturb: 'silence',
          answerShortcut: 'CommandOrControl+Alt+P',
          ringer: { label: 'Speakers (Jabra Speak 510)' },
          startAtLogin: 'shown',
        },
        history: { maxAgeDays: 30, maxEntries: 0, keepMessageContent: false },
        updates: { channel: 'stable' },
      },
    });
  });

  it('takes an https root URL, http only to this machine, and a file saved with a byte order mark', () => {
    const pinned = policyFile('\uFEFF{ "server": { "rootUrl": "https://lyncdiscover.contoso.com/" } }');
    expect(loadPolicy([pinned]).policy.server).toEqual({ rootUrl: 'https://lyncdiscover.contoso.com/' });
    for (const rootUrl of ['http://127.0.0.1:50123/autodiscover/autodiscoverservice.svc/root', 'http://localhost']) {
      expect(loadPolicy([policyFile(JSON.stringify({ server: { rootUrl } }))]).policy.server).toEqual({ rootUrl });
    }
  });

  const invalid: [string, string | Uint8Array, string][] = [
    ['a document that is not an object', '["contoso.com"]', 'the policy must be an object.'],
    ['a feature that is not a boolean', '{ "features": { "video": "yes" } }', 'features.video must be true or false.'],
    ['a setting of the wrong type', '{ "settings": { "ringAlsoOnDefault": 1 } }', 'settings.ringAlsoOnDefault must be true or false.'],
    ['an undocumented do-not-disturb mode', '{ "settings": { "doNotDisturb": "maybe" } }', 'settings.doNotDisturb must be one of off, silence, decline.'],
    ['an unknown top-level key', '{ "featurez": {} }', 'featurez is not a policy key.'],
    ['an unknown feature', '{ "features": { "chat": false, "screenShare": false } }', 'features.chat, features.screenShare are not policy keys.'],
    [
      'an http root URL to another machine',
      '{ "server": { "rootUrl": "http://lyncdiscover.contoso.com/" } }',
      'server.rootUrl must be an https URL (http only for localhost or 127.0.0.1).',
    ],
    [
      'an http root URL whose host only starts like localhost',
      '{ "server": { "rootUrl": "http://localhost.contoso.com/" } }',
      'server.rootUrl must be an https URL (http only for localhost or 127.0.0.1).',
    ],
    ['a root URL that is not a URL', '{ "server": { "rootUrl": "https://lync discover/" } }', 'server.rootUrl must be a well-formed URL.'],
    ['a domain without a dot', '{ "server": { "sipDomain": "contoso" } }', 'server.sipDomain must be a DNS name such as contoso.com.'],
    [
      'both a root URL and a domain',
      '{ "server": { "rootUrl": "https://lyncdiscover.contoso.com/", "sipDomain": "contoso.com" } }',
      'server must have exactly one of rootUrl or sipDomain.',
    ],
    ['an unknown sign-in method', '{ "signIn": { "method": "kerberos" } }', 'signIn.method must be one of password, windows.'],
    [
      'a shortcut with one modifier',
      '{ "settings": { "answerShortcut": "Alt+F4" } }',
      'settings.answerShortcut must be two modifiers, one of them not Shift, and one key, e.g. CommandOrControl+Shift+A.',
    ],
    ['a ring device without a label', '{ "settings": { "ringer": { "label": "" } } }', 'settings.ringer.label must be at least 1 character.'],
    [
      'a phone number without its country code',
      '{ "settings": { "phoneNumber": "tel:4255550100" } }',
      'settings.phoneNumber must be a tel: URI in E.164 form, e.g. tel:+14255550100.',
    ],
    [
      'a phone number with a header after it',
      '{ "settings": { "phoneNumber": "tel:+14255550100\\r\\nX: 1" } }',
      'settings.phoneNumber must be a tel: URI in E.164 form, e.g. tel:+14255550100.',
    ],
    ['an overlong label', JSON.stringify({ settings: { ringer: { label: 'x'.repeat(513) } } }), 'settings.ringer.label must be at most 512 characters.'],
    [
      'two problems at once',
      '{ "updates": { "channel": "nightly" }, "signIn": {} }',
      'signIn.method must be one of password, windows; updates.channel must be one of off, stable, beta.',
    ],
    ['a file over 64 KiB', `{}${' '.repeat(MAX_POLICY_BYTES - 1)}`, 'it is larger than 64 KiB.'],
    ['a UTF-16 file', Buffer.from('\uFEFF{}', 'utf16le'), 'it is not UTF-8 text.'],
  ];

  it.each(invalid)('with %s, gives the defaults and says which file and what was wrong', (_, content, why) => {
    const file = policyFile(content);
    const loaded = loadPolicy([file]);
    expect(loaded.policy).toEqual(defaultPolicy());
    expect(loaded.source).toBeUndefined();
    expect(loaded.problem).toBe(`The admin policy ${file} was ignored: ${why}`);
  });

  it('with malformed JSON, gives the defaults and quotes the parser', () => {
    const file = policyFile('{ "server": ');
    const loaded = loadPolicy([file]);
    expect(loaded.policy).toEqual(defaultPolicy());
    expect(loaded.problem).toBe(`The admin policy ${file} was ignored: it is not valid JSON (Unexpected end of JSON input).`);
  });

  it('with a folder where the file should be, gives the defaults and says so', () => {
    const folder = join(dir, 'folder-instead', 'policy.json');
    mkdirSync(folder, { recursive: true });
    expect(loadPolicy([folder])).toEqual({
      policy: defaultPolicy(),
      problem: `The admin policy ${folder} was ignored: it is a folder, not a file.`,
    });
  });
});

describe('applying the admin policy to the user’s settings', () => {
  const user: Settings = {
    microphone: { id: 'a04a9078', label: 'Jabra Evolve2 65' },
    ringer: { id: '25809871', label: 'Desk speaker' },
    ringAlsoOnDefault: true,
    doNotDisturb: 'silence',
    answerShortcut: 'CommandOrControl+Alt+P',
    startAtLogin: 'shown',
    joinMicrophoneOff: false,
    joinCameraOff: false,
    joinByPhone: false,
  };

  it('puts the admin’s values over the user’s and locks them; the ring device is chosen by label', () => {
    const policy = policySchema.parse({
      settings: { doNotDisturb: 'off', ringer: { label: 'Speakers (Jabra Speak 510)' }, startAtLogin: 'hidden' },
    });
    expect(applyPolicy(user, policy)).toEqual({
      settings: { ...user, doNotDisturb: 'off', ringer: { id: '', label: 'Speakers (Jabra Speak 510)' }, startAtLogin: 'hidden' },
      locked: ['ringer', 'doNotDisturb', 'startAtLogin'],
    });
  });

  it('keeps the user’s ring device id when it has the admin’s label', () => {
    const policy = policySchema.parse({ settings: { ringer: { label: 'Desk speaker' }, ringAlsoOnDefault: false } });
    expect(applyPolicy(user, policy)).toEqual({ settings: { ...user, ringAlsoOnDefault: false }, locked: ['ringer', 'ringAlsoOnDefault'] });
  });

  it('may make everyone join meetings with the microphone off, locked', () => {
    const policy = policySchema.parse({ settings: { joinMicrophoneOff: true } });
    expect(applyPolicy(user, policy)).toEqual({ settings: { ...user, joinMicrophoneOff: true }, locked: ['joinMicrophoneOff'] });
  });

  it('without admin settings leaves the user’s as they are and locks nothing', () => {
    expect(applyPolicy(user, defaultPolicy())).toEqual({ settings: user, locked: [] });
  });

  it('reports the locked settings a change would change, including clearing one', () => {
    const locked = applyPolicy(user, policySchema.parse({ settings: { doNotDisturb: 'off', ringer: { label: 'Desk speaker' } } })).locked;
    expect(lockedChangeKeys({ doNotDisturb: 'decline', microphone: { id: 'm1', label: 'Headset' } }, locked)).toEqual(['doNotDisturb']);
    expect(lockedChangeKeys({ ringer: null }, locked)).toEqual(['ringer']);
    expect(lockedChangeKeys({ microphone: null, answerShortcut: 'CommandOrControl+Alt+Q' }, locked)).toEqual([]);
  });
});
