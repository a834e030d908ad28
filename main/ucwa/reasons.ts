// The reason codes of the seeds' tables (the "Asynchronous reason codes" a `completed` event carries and
// the synchronous errors of the resources), each with a sentence a person can read. A subcode of "None"
// and unknown subcodes fall back to their code's sentence.

type Catalog = Record<string, { default: string } & Record<string, string>>;

const CATALOG: Catalog = {
  BadRequest: {
    default: 'The server could not understand the request.',
    ParameterValidationFailure: 'The server refused a value in the request.',
  },
  Conflict: {
    default: 'The request clashed with something already in progress.',
    AlreadyExists: 'There was a problem joining the meeting.',
    TooManyGroups: 'You have too many contact groups.',
    TooManyLobbyParticipants: 'Too many people are already waiting in the lobby.',
    TooManyParticipants: 'The meeting is full.',
  },
  EntityTooLarge: { default: 'The request was too large.' },
  Gone: {
    default: 'The server no longer offers this.',
    CannotRedirect: 'The server could not move the session to a backup pool.',
  },
  Forbidden: {
    default: 'This is not allowed.',
    AnonymousNotAllowed: 'This meeting does not allow anonymous participants to dial out.',
    // Not in the seeds' tables: the lobby rejection the UCWA lobby pages describe.
    Denied: 'The organiser did not let you into the meeting.',
    DialoutNotAllowed: 'This meeting does not allow attendees to dial out.',
    FederationRequired: 'This needs federation with the other organisation.',
    InviteesOnly: 'The meeting is for invited participants only.',
    ModalityNotSupported: 'This kind of call is not supported here.',
    Unreachable: 'The person or meeting cannot be reached.',
  },
  Informational: {
    default: 'The invitation ended.',
    AutoAccepted: 'The invitation was accepted automatically.',
    Canceled: 'The call was cancelled.',
    ConnectedElsewhere: 'The call was answered on another device.',
    DerivedConversation: 'The call continued in a new conversation.',
    Ended: 'The meeting has ended.',
    MediaFallback: 'The call switched to another kind of media.',
    Missed: 'You missed this call.',
  },
  LocalFailure: {
    default: 'Something went wrong on this computer.',
    Canceled: 'You cancelled the call.',
    Declined: 'You declined the call.',
    Timeout: 'Nobody answered in time.',
  },
  NotFound: {
    default: 'It could not be found.',
    DestinationNotFound: 'That address could not be found.',
  },
  RemoteFailure: {
    default: 'The other side could not take the call.',
    AnotherOperationPending: 'The other side is busy with another request.',
    Busy: 'The other person is busy.',
    Canceled: 'The caller hung up before the call was answered.',
    Declined: 'The other person declined the call.',
    DoNotDisturb: 'The other person does not want to be disturbed.',
    // Not in the seeds' tables: ErrorSubcode's, as a Skype for Business client or the Mediation Server fails an offer it cannot decrypt (DTLS, no SDES key).
    MediaEncryptionMismatch: 'The other side could not agree on the call’s encryption: it takes only Skype for Business encryption.',
    NotAcceptable: 'The other side cannot take the call right now.',
    NotAllowed: 'Policy does not allow the other side to take this call.',
    RepliedWithOtherModality: 'The other person replied another way.',
    TemporarilyUnavailable: 'The other side is temporarily unavailable.',
    ThreadIdAlreadyExists: 'The other person is already in this conversation.',
    Timeout: 'The other person did not answer in time.',
    UnsupportedMediaType: 'The other side does not support this kind of media.',
  },
  ServiceFailure: {
    default: 'The server had a problem.',
    CallbackChannelError: 'The server could not reach this app.',
    EscalationFailed: 'The call could not be turned into a meeting.',
    InvalidExchangeServerVersion: 'The mailbox server version is not supported.',
    Timeout: 'The server took too long to answer.',
    Unavailable: 'No service is available for this kind of call.',
  },
  Timeout: { default: 'The call timed out.' },
};

export type Reason = { code?: string | undefined; subcode?: string | undefined; message?: string | undefined };

/** A sentence for the user: the subcode's, else the code's, else a generic one. */
export function describeReason(reason: Reason | undefined): string {
  if (!reason?.code) return 'The call ended.';
  const entry = Object.hasOwn(CATALOG, reason.code) ? CATALOG[reason.code] : undefined;
  if (!entry) return 'The call could not be completed.';
  return (reason.subcode !== undefined && Object.hasOwn(entry, reason.subcode) ? entry[reason.subcode] : undefined) ?? entry.default;
}

/** Whether the catalog has a sentence for this row: its own, or its code's for subcode "None". */
export function hasSentence(code: string, subcode: string): boolean {
  const entry = Object.hasOwn(CATALOG, code) ? CATALOG[code] : undefined;
  return entry !== undefined && (subcode === 'None' || Object.hasOwn(entry, subcode));
}
