// Links the OS hands the app: real sip:, tel:, conf: and meeting links with characters inserted, removed
// and swapped (look-alikes, controls, parameters, escapes), among the flags and paths of an argv.
import fc from 'fast-check';
import { expect } from 'vitest';
import { LinkError, MAX_LINK_LENGTH, linkAction, linkActionFromArgv, type LinkAction } from '../../main/links/linkAction.js';
import { fuzzProperty, type FuzzTarget } from './fuzzProperty.js';
import { typedOutcome, type Outcome } from './typedErrors.js';

const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';

/** What follows the scheme in links people really get. */
const REAL_LINKS: Array<[scheme: string, rest: string]> = [
  ['sip', 'ada@contoso.com'],
  ['SIP', 'Ada.Lovelace@Contoso.COM'],
  ['sip', "o'brien_2+desk@eu.contoso.co.uk"],
  ['tel', '+14255550100'],
  ['tel', '+1 (425) 555-0100'],
  ['tel', '%2B14255550100'],
  ['conf', encodeURIComponent(MEETING)],
  ['conf', `${MEETING}%3Frequired-media=audio`],
  ['sip', MEETING.slice('sip:'.length)],
  ['https', '//meet.contoso.com/grace/7T4LQJ2B'],
  ['https', '//ada:secret@meet.contoso.com/grace/7T4LQJ2B'],
];

const INSERTS = [
  'а',
  'ℯ',
  '\u202e',
  '\u200b',
  '\u0000',
  '\n',
  '\u007f',
  '%00',
  '%2F',
  '%E0%A4%A',
  '%',
  ';',
  ';transport=tcp',
  '?subject=x',
  '@',
  ':',
  ' ',
  '"',
  '<',
  '/',
  '..',
  'é',
  '0',
  '+',
  '-',
  '.',
];

type Edit = { at: number; remove: number; insert: string };

const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  remove: fc.nat(3),
  insert: fc.oneof(fc.constantFrom(...INSERTS), fc.string({ unit: 'binary', maxLength: 4 }), fc.constant('')),
});

function applyEdit(text: string, { at, remove, insert }: Edit): string {
  const start = at % (text.length + 1);
  return `${text.slice(0, start)}${insert}${text.slice(start + remove)}`;
}

const scheme = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  fc.constantFrom('sip', 'tel', 'conf', 'https', 'Tel', 'javascript', 'ms-settings', 'file', 'sips'),
);

/** A link by the argv rule: a scheme of two letters or more and a colon, first. */
const link = fc
  .tuple(fc.constantFrom(...REAL_LINKS), scheme, fc.array(edit, { maxLength: 4 }), fc.nat(9))
  .map(([[realScheme, rest], otherScheme, edits, repeat]) => {
    const edited = edits.reduce(applyEdit, rest);
    return `${otherScheme ?? realScheme}:${repeat === 0 ? edited.repeat(200) : edited}`;
  });

const SIP_ADDRESS = /^sip:[A-Za-z0-9_+'-]+(?:\.[A-Za-z0-9_+'-]+)*@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/;
const TEL_ADDRESS = /^tel:\+[1-9][0-9]{6,14}$/;
const CONFERENCE = /^sip:[A-Za-z0-9_+'.-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+;gruu;opaque=app:conf:focus:id:[A-Za-z0-9]+$/;

function expectAllowed(action: LinkAction): void {
  if (action.kind === 'call') expect(action.address).toMatch(action.address.startsWith('tel:') ? TEL_ADDRESS : SIP_ADDRESS);
  else expect(action.uri).toMatch(CONFERENCE);
}

const linkOutcome = (text: string) => typedOutcome(() => linkAction(text), [LinkError]);

const oneLink = fc.property(fc.oneof({ weight: 8, arbitrary: link }, fc.string({ unit: 'binary', maxLength: 80 })), (text) => {
  const outcome = linkOutcome(text);
  if (outcome.ok) {
    expect(text.length).toBeLessThanOrEqual(MAX_LINK_LENGTH);
    expectAllowed(outcome.value);
  }
});

/** Flags, paths and the like, none of which is a link. */
const notALink = fc.oneof(
  fc.constantFrom(
    '/opt/Softphone/softphone',
    'C:\\Program Files\\Softphone\\Softphone.exe',
    'D:\\x',
    '.',
    '--',
    '--hidden',
    '-psn_0_1234',
    '--flag=sip:ada@contoso.com',
    '',
  ),
  fc.string({ maxLength: 20 }).map((text) => `-${text}`),
  fc.string({ maxLength: 20 }).map((text) => `/${text}`),
);

const argv = fc
  .tuple(fc.array(notALink, { maxLength: 5 }), fc.array(link, { maxLength: 3 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }))
  .map(([others, links, places]) => {
    const args = [...others];
    links.forEach((item, i) => args.splice((places[i] ?? 0) % (args.length + 1), 0, item));
    return { args, links };
  });

const comparable = (outcome: Outcome<LinkAction | undefined>) => (outcome.ok ? outcome : { ok: false, problem: (outcome.error as LinkError).problem });

const argvLinks = fc.property(argv, ({ args, links }) => {
  const outcome = typedOutcome(() => linkActionFromArgv(args), [LinkError]);
  if (links.length === 0) expect(outcome).toEqual({ ok: true, value: undefined });
  else if (links.length > 1) expect(comparable(outcome)).toEqual({ ok: false, problem: 'severalLinks' });
  else expect(comparable(outcome)).toEqual(comparable(linkOutcome(links[0] ?? '')));
});

export const linksTarget: FuzzTarget = {
  name: 'links (linkAction, linkActionFromArgv)',
  properties: [
    fuzzProperty('a link is one action of allowed characters only, or a LinkError', 10_000, oneLink, [
      ['conf:sip:grace@contoso.c;transport=tcpom;gruu;opaque=app:conf:focus:id:7T4LQJ2B'],
    ]),
    fuzzProperty('an argv: no link, nothing; two or more, severalLinks; one, what linkAction says of it', 5_000, argvLinks),
  ],
};
