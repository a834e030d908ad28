// People as the windows see them: search results, contact cards, presence (the person's own and their
// colleagues') and the contact list. Values and types only; the core fills them from UCWA's people and
// me resources (main/people/).

/** The availabilities a person may choose for themselves (presence_ref: POST availability). */
export const CHOSEN_AVAILABILITIES = ['Online', 'Busy', 'DoNotDisturb', 'BeRightBack', 'Away', 'Offwork'] as const;
export type ChosenAvailability = (typeof CHOSEN_AVAILABILITIES)[number];

/**
 * What a presence shows: a chosen availability, or one only the server sets (Offline, IdleOnline and
 * IdleBusy after inactivity), or Unknown for a value this app does not know or has not heard yet.
 */
export const AVAILABILITIES = [...CHOSEN_AVAILABILITIES, 'IdleOnline', 'IdleBusy', 'Offline', 'Unknown'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/** Each availability in words, the same on every screen and in the tray. */
export const AVAILABILITY_LABELS: Readonly<Record<Availability, string>> = {
  Online: 'Available',
  Busy: 'Busy',
  DoNotDisturb: 'Do not disturb',
  BeRightBack: 'Be right back',
  Away: 'Away',
  Offwork: 'Off work',
  IdleOnline: 'Inactive',
  IdleBusy: 'Busy, inactive',
  Offline: 'Offline',
  Unknown: 'Presence unknown',
};

/** Someone's presence: their availability and, where the server says, what they are doing (InACall, InAConference, OutOfOffice…). */
export type Presence = { availability: Availability; activity?: string };

export type PhoneKind = 'work' | 'mobile' | 'home' | 'other';

/** A person as a search result or contact list entry shows them; `uri` is the address to call or message. */
export type PersonSummary = {
  uri: string;
  name: string;
  title?: string;
  department?: string;
  company?: string;
  office?: string;
  email?: string;
  /** The numbers the card publishes, each a tel: URI the Call field takes. */
  phones: { kind: PhoneKind; number: string }[];
  /** What the contact is: a person, a phone number's entry, a bot, a distribution group. */
  kind: 'user' | 'phone' | 'bot' | 'group';
};

/** A contact card (getContactCard's reply): the person, their note and location, and their photo where the server has one. */
export type ContactCard = PersonSummary & {
  note?: { message: string; type: 'Personal' | 'OutOfOffice' };
  location?: string;
  /** A `data:image/png` or `data:image/jpeg` URI; without it the card shows initials. */
  photo?: string;
};

/** A group of the contact list; `pinned` is the server's pinned group (Favourites), shown first. */
export type ContactGroup = { id: string; name: string; pinned: boolean; people: PersonSummary[] };

/** The contact list as read at sign-in (myGroups, each group's contacts, myContacts); read-only. */
export type ContactList = {
  groups: ContactGroup[];
  /** Set when part of the list could not be read: what was read is shown, with this sentence. */
  problem?: string;
};

/** The person's own presence as the server reports it, and their note and location. */
export type MyPresence = {
  presence: Presence;
  note?: string;
  /** Whose note it is: the person's own, or the out-of-office note their mailbox publishes (which they cannot set here). */
  noteType?: 'Personal' | 'OutOfOffice';
  location?: string;
  /** Whether the server lets this app set them (the links of me it offers). */
  canSetAvailability: boolean;
  canSetNote: boolean;
  canSetLocation: boolean;
};

export type PeopleSnapshot = {
  /** Whether the server offers directory search (people/search); without it, search is hidden and the reason shown. */
  canSearch: boolean;
  me?: MyPresence;
  /** The presence of the people on screen, by uri, as far as the server told it. */
  presence: Record<string, Presence>;
  /** The contact list, once read; absent before and where the server offers none. */
  contactList?: ContactList;
};

/** The longest search the app sends; people/search takes 256 characters, and nobody types a name that long. */
export const MAX_SEARCH_LENGTH = 250;

/** location_ref: at most 60 characters. A note has no documented bound; this app keeps it to a line or two. */
export const MAX_LOCATION_LENGTH = 60;
export const MAX_NOTE_LENGTH = 500;

/**
 * Why a search returned nothing without asking the server (empty, over MAX_SEARCH_LENGTH, no letter or
 * digit, a server that offers no search), or why its answer was dropped (a newer search replaced it
 * while it was on its way).
 */
export type SearchSkipped = 'empty' | 'tooLong' | 'noLettersOrDigits' | 'notOffered' | 'superseded';

/** What a directory search found: at most the limit asked for, `more` when the server has more. */
export type PeopleSearchResult = { results: PersonSummary[]; more: boolean; skipped?: SearchSkipped };
