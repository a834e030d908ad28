// The local service's address book: the scripted callees (outgoingCalls.ts) and a made-up organisation of
// several hundred colleagues, the same on every run, so that search, contact cards, presence and the
// contact list have people to show without a server. Names are pairs from two short lists; nothing here
// is a real person's data.
import type { Person } from './resources.js';

export type PhoneType = 'Work' | 'Mobile' | 'Home' | 'Other';

/** A contact as the directory knows it (contact_ref's properties); `uri` is sip: for people, tel: for a number's entry. */
export type DirectoryPerson = Person & {
  title?: string;
  department?: string;
  company: string;
  office?: string;
  email?: string;
  /** tel: URIs, as the card publishes them. */
  phones: { type: PhoneType; number: string }[];
  /** Whether the directory has a photo of them (contactPhoto). */
  hasPhoto: boolean;
};

const COMPANY = 'Softphone Local';
const DOMAIN = 'softphone.local';

const FIRST_NAMES = [
  'Alan',
  'Barbara',
  'Carl',
  'Dana',
  'Elena',
  'Farid',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemal',
  'Lena',
  'Marek',
  'Nadia',
  'Oskar',
  'Priya',
  'Quentin',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Xavier',
  'Yara',
  'Zoltan',
  'Amara',
  'Bruno',
  'Chiara',
  'Diego',
];
const LAST_NAMES = [
  'Abbott',
  'Brandt',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Laurent',
  'Moreau',
  'Nakamura',
  'Olsen',
  'Petrov',
  'Quinn',
  'Rossi',
  'Schmidt',
  'Tanaka',
];
const TITLES = ['Engineer', 'Senior Engineer', 'Designer', 'Product Manager', 'Accountant', 'Sales Lead', 'Support Specialist', 'Recruiter'];
const DEPARTMENTS = ['Engineering', 'Design', 'Finance', 'Sales', 'Support', 'People'];
const OFFICES = ['Building 1/1010', 'Building 2/2020', 'Building 3/3030', 'Remote'];

/** The scripted callees with the details a card shows; their uris are the scripts' addresses. */
const CALLEES: readonly DirectoryPerson[] = [
  callee('Ada Lovelace', 'answers', 'Analyst', 'Engineering', '+14255550123'),
  callee('Edith Clarke', 'earlymedia', 'Electrical Engineer', 'Engineering', '+14255550124'),
  callee('Annie Easley', 'sfb', 'Programmer', 'Engineering', '+14255550125'),
  callee('Radia Perlman', 'unusable', 'Network Architect', 'Engineering', '+14255550126'),
  callee('Grace Hopper', 'chat', 'Rear Admiral', 'Engineering', '+14255550127'),
  callee('Dorothy Vaughan', 'declines', 'Supervisor', 'Finance', '+14255550128'),
  callee('Katherine Johnson', 'busy', 'Mathematician', 'Finance', '+14255550129'),
  callee('Mary Jackson', 'noanswer', 'Aerospace Engineer', 'Engineering', '+14255550130'),
  callee('Hedy Lamarr', 'unreachable', 'Inventor', 'Design', '+14255550131'),
  callee('Frances Allen', 'notallowed', 'Compiler Engineer', 'Engineering', '+14255550132'),
];

function callee(name: string, user: string, title: string, department: string, work: string): DirectoryPerson {
  const uri = `sip:${user}@${DOMAIN}`;
  return {
    name,
    uri,
    title,
    department,
    company: COMPANY,
    office: OFFICES[0],
    email: `${user}@${DOMAIN}`,
    phones: [{ type: 'Work', number: `tel:${work}` }],
    hasPhoto: true,
  };
}

/** The i-th made-up colleague: every one has a work number, every third a mobile, every fourth a photo. */
function colleague(index: number): DirectoryPerson {
  const first = FIRST_NAMES[index % FIRST_NAMES.length]!;
  const last = LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length]!;
  const user = `${first}.${last}`.toLowerCase();
  const phones: DirectoryPerson['phones'] = [{ type: 'Work', number: `tel:+1425556${String(1000 + index).padStart(4, '0')}` }];
  if (index % 3 === 0) phones.push({ type: 'Mobile', number: `tel:+1206557${String(1000 + index).padStart(4, '0')}` });
  return {
    name: `${first} ${last}`,
    uri: `sip:${user}@${DOMAIN}`,
    title: TITLES[index % TITLES.length]!,
    department: DEPARTMENTS[index % DEPARTMENTS.length]!,
    company: COMPANY,
    office: OFFICES[index % OFFICES.length]!,
    email: `${user}@${DOMAIN}`,
    phones,
    hasPhoto: index % 4 === 0,
  };
}

/** Every pair of the two name lists: 600 colleagues. */
export const COLLEAGUE_COUNT = FIRST_NAMES.length * LAST_NAMES.length;

/** The whole address book: the callees first, then the colleagues. */
export function directoryPeople(): DirectoryPerson[] {
  return [...CALLEES, ...Array.from({ length: COLLEAGUE_COUNT }, (_, index) => colleague(index))];
}

let withPhoto: Set<string> | undefined;

/** Whether the directory has a photo of the person at `uri` (a meeting's participant links it as the directory's contact does). */
export function hasDirectoryPhoto(uri: string): boolean {
  withPhoto ??= new Set(directoryPeople().flatMap((person) => (person.hasPhoto ? [person.uri] : [])));
  return withPhoto.has(uri);
}
