// The IPC contract at the router: any value from any sender against a real core on the embedded local
// service. The core runs with meetings and test calls turned off by policy, so no fuzzed command can
// start a meeting join or a test-call peer; every other command runs for real.
import fc from 'fast-check';
import { expect } from 'vitest';
import { z } from 'zod';
import { createCommandRouter, type CommandRouter } from '../../main/ipc/router.js';
import { policySchema } from '../../main/policy/schema.js';
import { Core } from '../../main/core/core.js';
import {
  DECLINE_REASONS,
  DISMISS_REASONS,
  DO_NOT_DISTURB,
  MAX_SDP_LENGTH,
  settingsSchema,
  START_AT_LOGIN,
  type Command,
  type CommandError,
} from '../../preload/shared/contract.js';
import { mutatedJson } from './arbitraries/json.js';
import { sdpText } from './arbitraries/sdp.js';
import { fuzzProperty, type FuzzTarget } from './fuzzProperty.js';

const APP_PAGE = { url: 'app://softphone/index.html' };
const CODES = [
  'InvalidCommand',
  'UntrustedSender',
  'UnknownCall',
  'IllegalAction',
  'Unavailable',
  'ServerError',
] as const satisfies readonly CommandError['code'][];

let core: { core: Core; route: CommandRouter } | undefined;

function running() {
  if (!core) throw new Error('the router target was not set up');
  return core;
}

const commandResult = z.union([
  z.strictObject({
    ok: z.literal(true),
    snapshot: z.looseObject({
      account: z.looseObject({ state: z.string() }),
      calls: z.array(z.unknown()),
      history: z.looseObject({ recent: z.array(z.unknown()) }),
      settings: settingsSchema,
    }),
    answerSdp: z.string().optional(),
    search: z.strictObject({ results: z.array(z.unknown()).max(20), more: z.boolean(), skipped: z.string().optional() }).optional(),
  }),
  z.strictObject({ ok: z.literal(false), error: z.strictObject({ code: z.enum(CODES), message: z.string().min(1) }) }),
]);

/** Routes and checks the result is a CommandResult; a rejection fails the property as it is. */
async function route(sender: { url: string }, raw: unknown) {
  return commandResult.parse(await running().route(sender, raw));
}

const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const sdp = sdpText.map((text) => text.slice(0, MAX_SDP_LENGTH) || 'v=0');
/** Code points: at most two UTF-16 units each, so `max` units hold `max / 2` of them. */
const text = (max: number) => fc.string({ unit: 'binary', minLength: 1, maxLength: max / 2 });
const device = fc.record({ id: fc.string({ maxLength: 40 }), label: fc.string({ maxLength: 40 }) });
const settingsChange = fc.record(
  {
    microphone: fc.option(device),
    speaker: fc.option(device),
    ringAlsoOnDefault: fc.boolean(),
    doNotDisturb: fc.constantFrom(...DO_NOT_DISTURB),
    answerShortcut: fc.constantFrom('CommandOrControl+Shift+A', 'Ctrl+Alt+F12', null),
    startAtLogin: fc.constantFrom(...START_AT_LOGIN),
  },
  { requiredKeys: [] },
);

/** Every command of the contract, well formed, about calls and requests that do not exist. */
const validCommand: fc.Arbitrary<Command> = fc.oneof(
  fc.constantFrom({ type: 'getSnapshot' } as const, { type: 'signOut' } as const),
  fc.record({ type: fc.constant('signIn'), address: fc.constantFrom('ada@contoso.com', 'sip:grace@contoso.com'), password: text(256), remember: fc.boolean() }),
  fc.record({ type: fc.constant('answerLinkRequest'), id, accept: fc.boolean() }),
  fc.record({ type: fc.constantFrom('answer', 'provisionalAnswer', 'renegotiate', 'addMeetingMedia'), callId: id, sdp }),
  fc.record({ type: fc.constant('chooseAnswer'), callId: id, video: fc.boolean() }),
  fc.record({ type: fc.constant('answerFailed'), callId: id, problem: fc.string({ maxLength: 150 }) }),
  fc.record({ type: fc.constantFrom('answerOnPhone', 'accept', 'cancel', 'hangUp', 'leave'), callId: id }),
  fc.record({ type: fc.constant('decline'), callId: id, reason: fc.constantFrom(...DECLINE_REASONS) }, { requiredKeys: ['type', 'callId'] }),
  fc.record({ type: fc.constantFrom('declineWithMessage'), callId: id, text: text(500) }),
  fc.record({ type: fc.constant('sendMessage'), callId: id, text: text(8000) }),
  fc.record({
    type: fc.constant('joinMeeting'),
    uri: fc.constantFrom('https://meet.contoso.com/grace/7T4LQJ2B', 'conf:sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B'),
  }),
  fc.record({ type: fc.constant('addParticipant'), callId: id, to: fc.constantFrom('sip:ada@contoso.com', 'sip:+14255550100@contoso.com') }),
  fc.record({ type: fc.constant('answerRenegotiation'), callId: id, offerId: id, sdp }),
  fc.record({ type: fc.constant('dismissRenegotiation'), callId: id, offerId: id, reason: fc.constantFrom(...DISMISS_REASONS) }),
  fc.record({ type: fc.constant('startTestCall'), video: fc.boolean() }),
  fc.record({ type: fc.constant('updateSettings'), change: settingsChange }),
  fc.record({ type: fc.constant('searchPeople'), query: fc.string({ unit: 'binary', maxLength: 500 }) }),
);

/** What a well-formed command about nothing that exists comes to, with meetings and test calls off. */
function expectedOutcomes(command: Command): ReadonlyArray<'ok' | CommandError['code']> {
  switch (command.type) {
    case 'getSnapshot':
    case 'updateSettings':
    case 'answerFailed':
    case 'searchPeople':
      return ['ok'];
    case 'signIn':
    case 'signOut':
    case 'answerLinkRequest':
    case 'joinMeeting':
    case 'startTestCall':
      return ['Unavailable'];
    case 'addMeetingMedia':
      // Needs meetings, or video when the offer carries video: turned off, or no such call.
      return ['Unavailable', 'UnknownCall'];
    default:
      return ['UnknownCall'];
  }
}

const COMMAND_SAMPLES: unknown[] = fc.sample(validCommand, { numRuns: 60, seed: 1 });

const anyCommand = fc.oneof(
  { weight: 4, arbitrary: mutatedJson(COMMAND_SAMPLES) },
  validCommand,
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({
    withNullPrototype: true,
    withBoxedValues: true,
    withMap: true,
    withSet: true,
    withBigInt: true,
    withTypedArray: true,
    withDate: true,
    maxDepth: 3,
  }),
);

const anyFromTheApp = fc.asyncProperty(anyCommand, async (raw) => {
  const result = await route(APP_PAGE, raw);
  if (!result.ok) expect(result.error.code).not.toBe('UntrustedSender');
});

const validWithUnknownIds = fc.asyncProperty(validCommand, async (command) => {
  const result = await route(APP_PAGE, command);
  expect(expectedOutcomes(command)).toContain(result.ok ? 'ok' : result.error.code);
});

/** Pages of the app itself, anywhere on its origin. */
const appPage = fc
  .tuple(fc.webPath(), fc.option(fc.webQueryParameters()), fc.option(fc.webFragments()))
  .map(([path, query, fragment]) => `app://softphone${path}${query === null ? '' : `?${query}`}${fragment === null ? '' : `#${fragment}`}`);

/** The app's address with a character changed: look-alike schemes, hosts, ports, credentials. */
const lookAlike = fc
  .tuple(fc.nat(26), fc.nat(2), fc.constantFrom('.', ':', '@', '/', 'e', 'S', '%', 'а', '\u0000', '', ':443', '.evil', 's'))
  .map(([at, remove, insert]) => {
    const page = APP_PAGE.url;
    return `${page.slice(0, at)}${insert}${page.slice(at + remove)}`;
  });

const sender = fc.oneof(
  appPage,
  lookAlike,
  fc.constantFrom(
    '',
    'null',
    'about:blank',
    'file:///etc/passwd',
    'https://evil.example/app',
    'app://softphone.evil/',
    'app://evil/softphone',
    'blob:app://softphone/1',
    'app:softphone',
    'app:///softphone/index.html',
    'APP://SOFTPHONE/',
  ),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

function isAppOrigin(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol, host } = new URL(url);
  return protocol === 'app:' && host === 'softphone';
}

/** Settings changes from another page would be the worst to let through: they change state at once. */
const onlyTheAppGetsIn = fc.asyncProperty(
  sender,
  fc.oneof(
    validCommand,
    settingsChange.map((change) => ({ type: 'updateSettings', change })),
  ),
  async (url, command) => {
    const before = running().core.snapshot();
    const result = await route({ url }, command);
    if (isAppOrigin(url)) {
      if (!result.ok) expect(result.error.code).not.toBe('UntrustedSender');
      return;
    }
    expect(result).toEqual({ ok: false, error: { code: 'UntrustedSender', message: expect.any(String) } });
    expect(running().core.snapshot()).toEqual(before);
  },
);

export const routerTarget: FuzzTarget = {
  name: 'IPC contract (commandSchema, createCommandRouter)',
  async setUp() {
    const started = await Core.start({
      endpointId: '9d7e3f8a-52a4-4c41-8c1e-0d6c1f0e6b11',
      userAgent: 'fuzz',
      local: { maxHoldSeconds: 2 },
      policy: { policy: policySchema.parse({ features: { meetings: false, testCall: false } }) },
    });
    core = { core: started, route: createCommandRouter(started, ['app://softphone']) };
  },
  async tearDown() {
    await core?.core.stop();
    core = undefined;
  },
  properties: [
    fuzzProperty('anything from the app’s page: a CommandResult, never a throw', 5_000, anyFromTheApp),
    fuzzProperty('well-formed commands about calls that do not exist: UnknownCall, Unavailable, or done', 4_000, validWithUnknownIds),
    fuzzProperty('only app://softphone pages get past the sender check; refused commands change nothing', 4_000, onlyTheAppGetsIn),
  ],
};
