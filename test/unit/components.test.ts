import { readFileSync } from 'node:fs';
import { createRawSnippet } from 'svelte';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  type AccountSnapshot,
  type AppSnapshot,
  type CallSnapshot,
  type HistoryEntry,
  type LinkRequest,
  type PersonSummary,
  type Presence,
} from '../../preload/shared/contract.js';
import DialPad from '../../renderer/components/DialPad.svelte';
import ForwardingSettings from '../../renderer/components/ForwardingSettings.svelte';
import FoundPerson from '../../renderer/components/FoundPerson.svelte';
import LinkRequestCard from '../../renderer/components/LinkRequestCard.svelte';
import PhoneCallCard from '../../renderer/components/PhoneCallCard.svelte';
import RingCard from '../../renderer/components/RingCard.svelte';
import Call from '../../renderer/views/Call.svelte';
import Conversation from '../../renderer/views/Conversation.svelte';
import Meeting from '../../renderer/views/Meeting.svelte';
import Home from '../../renderer/views/Home.svelte';
import SignIn from '../../renderer/views/SignIn.svelte';
import { FIXTURES } from '../support/localServer.js';
import { appSnapshot, historyEntry, NO_POLICY } from '../support/snapshots.js';

const VIDEO_OFFER = readFileSync(new URL('chrome-linux-offer-av-data-no-candidates.sdp', FIXTURES), 'utf8');
const XSS = '<img src=x onerror="alert(1)">';

function call(overrides: Partial<CallSnapshot> = {}): CallSnapshot {
  return {
    id: 'c1',
    kind: 'audioVideo',
    direction: 'Incoming',
    phase: 'ringing',
    actions: ['answer', 'provisionalAnswer', 'decline'],
    inLobby: false,
    invitationState: 'Connecting',
    caller: { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' },
    subject: 'Budget',
    importance: 'Normal',
    offerSdp: VIDEO_OFFER,
    context: { privateLine: false, joinAudioMuted: false, joinVideoMuted: false },
    startedAt: 0,
    ...overrides,
  };
}

/** Visible text of server-rendered markup, whitespace collapsed. */
const text = (html: string) =>
  html
    .replace(/<!--.*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const buttons = (html: string) => [...html.matchAll(/<button[^>]*>(.*?)<\/button>/gs)].map((m) => text(m[1] ?? ''));

describe('RingCard', () => {
  const ring = (props: Partial<CallSnapshot>) => render(RingCard, { props: { call: call(props), onChoose: () => {} } }).body;

  it('an urgent video call on a private line, forwarded, names everyone and offers video, audio and decline', () => {
    const html = ring({ importance: 'Urgent', context: { privateLine: true, forwardedBy: 'Alan Turing', joinAudioMuted: true, joinVideoMuted: false } });
    expect(text(html)).toMatch(
      /Incoming video call Urgent Private line .*Ada Lovelace ada@contoso.com “Budget” Forwarded by Alan Turing You join with your microphone muted/,
    );
    expect(buttons(html)).toEqual(['Accept with video', 'Accept audio only', 'Decline']);
    expect(html).toContain('role="alertdialog"');
  });

  it('answer on my phone appears only when the server offers it; a Skype for Business call the bridge cannot take offers only the phone', () => {
    expect(buttons(ring({ actions: ['answer', 'answerOnPhone', 'decline'] }))).toEqual([
      'Accept with video',
      'Accept audio only',
      'Answer on my phone',
      'Decline',
    ]);
    // The core withholds the caller's offer and says why (main/bridge/bridgedCalls.ts).
    const refused = ring({
      offerSdp: undefined,
      answerProblem: 'The caller offered no network address this computer can reach for audio.',
      actions: ['answer', 'answerOnPhone', 'decline'],
    });
    expect(buttons(refused)).toEqual(['Answer on my phone', 'Decline']);
    expect(text(refused)).toContain('no network address this computer can reach');
  });

  it('a messaging invitation shows its first message as text, never as markup', () => {
    const html = ring({ kind: 'messaging', actions: ['accept', 'decline'], firstMessage: { format: 'plain', text: XSS }, subject: XSS });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror="alert(1)">');
    expect(buttons(html)).toEqual(['Accept', 'Decline']);
    expect(text(html)).toContain('Instant message');
  });

  it('once the person chose, the answer buttons wait for the call to connect while Decline stays available', () => {
    const html = ring({ answerChoice: { video: true } });
    expect([...html.matchAll(/<button[^>]*disabled[^>]*>(.*?)<\/button>/gs)].map((m) => text(m[1] ?? ''))).toEqual(['Accept with video', 'Accept audio only']);
  });

  it('a failed answer is explained on the card and the call can be answered again', () => {
    const html = ring({ answerProblem: 'Could not answer: the microphone is in use' });
    expect(text(html)).toContain('Could not answer: the microphone is in use');
    expect(html).not.toMatch(/<button[^>]*disabled/);
  });
});

describe('Home', () => {
  const snapshot = (recent: HistoryEntry[]): AppSnapshot => ({
    revision: 1,
    account: { state: 'signedIn', server: 'local', user: 'sip:you@softphone.local' },
    calls: [],
    history: { recent },
    people: { canSearch: true, presence: {} },
    missed: { calls: 0, voicemails: 0 },
    canStartTestCall: true,
    canCall: { audio: true, video: true },
    canStartMessaging: true,
    canCallViaWork: false,
    settings: DEFAULT_SETTINGS,
    policy: NO_POLICY,
  });

  it('offers the calls the server offers, and says why a button is missing', () => {
    const home = (canCall: AppSnapshot['canCall']) => render(Home, { props: { snapshot: { ...snapshot([]), canCall } } }).body;
    const audioOnly = home({ audio: true, video: false });
    expect(buttons(audioOnly)).toEqual(['Call', 'Message', 'Join', 'Test call', 'Audio only']);
    expect(text(audioOnly)).toContain('Your server does not offer video calls to this app.');
    const none = home({ audio: false, video: false });
    // Messages can still be started from the same field.
    expect(buttons(none)).toEqual(['Message', 'Join', 'Test call', 'Audio only']);
    expect(text(none)).toContain('Your server does not offer calls from this app: calls can only be answered here.');
    expect(none).toContain('<input id="call-someone"');
  });

  it('offers Call voicemail where the server gives a voicemail address (issue 17, voicemail)', () => {
    const home = (canCallVoicemail: boolean) => render(Home, { props: { snapshot: { ...snapshot([]), canCallVoicemail } } }).body;
    expect(buttons(home(true))).toContain('Call voicemail');
    expect(buttons(home(false))).not.toContain('Call voicemail');
  });

  it('shows the forwarding section locked, with what is set, when the administrator locked it (issue 17, forwarding)', () => {
    const forwarding = {
      sentence: 'Calls go to voicemail',
      mode: 'forward',
      to: 'voicemail',
      simultaneousDelaySeconds: 0,
      unanswered: { to: 'none', delaySeconds: 20 },
      workHoursOnly: false,
    } as const;
    const section = (canChange: boolean) => render(ForwardingSettings, { props: { forwarding: { ...forwarding, canChange } } }).body;
    expect(text(section(false))).toContain('Calls go to voicemail');
    expect(text(section(false))).toContain('Set by your administrator.');
    expect(section(false).match(/<fieldset disabled/g)).toHaveLength(1);
    expect(section(false)).toMatch(/<input type="checkbox"[^>]*disabled/);
    expect(text(section(true))).not.toContain('Set by your administrator.');
    expect(section(true)).not.toContain('disabled');
  });

  it('offers Message beside Call where the server offers instant messages, and says why it is missing', () => {
    const home = (canStartMessaging: boolean) => render(Home, { props: { snapshot: { ...snapshot([]), canStartMessaging } } }).body;
    expect(buttons(home(true)).slice(0, 3)).toEqual(['Call', 'Video', 'Message']);
    expect(buttons(home(false))).not.toContain('Message');
    expect(text(home(false))).toContain('Your server does not offer instant messages to this app.');
  });

  it('offers Call via my phone where the server offers it and a number is known, and says why it is missing otherwise', () => {
    const home = (canCallViaWork: boolean, myPhone?: AppSnapshot['myPhone'], canCall = { audio: true, video: true }) =>
      render(Home, { props: { snapshot: { ...snapshot([]), canCall, canCallViaWork, ...(myPhone && { myPhone }) } } }).body;
    const phone = { number: 'tel:+14255550100', from: 'account' } as const;
    const offered = home(true, phone);
    expect(buttons(offered)).toEqual(['Call', 'Video', 'Call via my phone', 'Message', 'Join', 'Test call', 'Audio only']);
    expect(text(offered)).toContain('Call via my phone rings +14255550100 first, then the person you call.');
    expect(buttons(home(true))).toEqual(['Call', 'Video', 'Message', 'Join', 'Test call', 'Audio only']);
    expect(text(home(true))).toContain('To call via your phone, add your phone number in Settings.');
    expect(text(home(false, phone))).toContain('Your server does not offer calls via your phone.');
    // A server that offers calls via work only: the field stays, with the one way to call.
    const viaWorkOnly = home(true, phone, { audio: false, video: false });
    expect(buttons(viaWorkOnly)).toEqual(['Call via my phone', 'Message', 'Join', 'Test call', 'Audio only']);
    expect(viaWorkOnly).toContain('<input id="call-someone"');
  });

  it('lists the history, marking missed calls but not calls answered on another device', () => {
    const html = render(Home, {
      props: {
        snapshot: snapshot([
          historyEntry('a'),
          historyEntry('b', { outcome: 'answeredElsewhere', ending: 'The call was answered on another device.', address: undefined }),
        ]),
      },
    }).body;
    expect(text(html)).toContain('Missed call from Ada Lovelace You missed this call.');
    expect(text(html)).toContain('Ada Lovelace The call was answered on another device.');
    expect([...html.matchAll(/<li[^>]*class="[^"]*\bmissed\b/g)]).toHaveLength(1);
    expect(buttons(html)).toEqual(['Call', 'Video', 'Message', 'Join', 'Test call', 'Audio only', 'Call back', 'Message', 'Card']);
  });

  it('offers Call back on each entry that can be called back, Video where it was a video call and the server offers video calls, and Message for an address', () => {
    const recent = [
      historyEntry('a', { kind: 'video' }),
      historyEntry('b', { address: 'tel:+14255550100' }),
      historyEntry('c', { address: undefined }),
      historyEntry('d', { kind: 'meeting', name: 'Budget', address: 'sip:ada@contoso.com;gruu;opaque=app:conf:focus:id:X' }),
    ];
    const home = (canCall: AppSnapshot['canCall']) => render(Home, { props: { snapshot: { ...snapshot(recent), canCall } } }).body;
    const both = home({ audio: true, video: true });
    // An entry with an address also opens that person's contact card; a meeting has neither.
    expect(buttons(both).slice(6)).toEqual(['Call back', 'Video', 'Message', 'Card', 'Call back']);
    expect(both).toContain('aria-label="Contact card of Ada Lovelace"');
    expect(both).toContain('aria-label="Message Ada Lovelace"');
    expect(both).toContain('aria-label="Call back Ada Lovelace"');
    expect(both).toContain('aria-label="Video call back Ada Lovelace"');
    expect(buttons(home({ audio: true, video: false })).slice(5)).toEqual(['Call back', 'Message', 'Card', 'Call back']);
    // A server that offers messages but no calls: the address in Recent can still be messaged.
    expect(buttons(home({ audio: false, video: false }))).toEqual(['Message', 'Join', 'Test call', 'Audio only', 'Message', 'Card']);
  });

  it('shows a conversation’s preview as text, and why the history is not kept when it is not', () => {
    const html = render(Home, {
      props: {
        snapshot: {
          ...snapshot([historyEntry('a', { kind: 'messaging', outcome: 'answered', preview: XSS })]),
          history: {
            recent: [historyEntry('a', { kind: 'messaging', outcome: 'answered', preview: XSS })],
            problem: 'The history file was written by a newer version of this app.',
          },
        },
      },
    }).body;
    expect(html).not.toContain('<img');
    expect(text(html)).toContain('The history file was written by a newer version of this app.');
  });
});

describe('People search', () => {
  const ada: PersonSummary = {
    uri: 'sip:answers@softphone.local',
    name: 'Ada Lovelace',
    title: 'Analyst',
    department: 'Engineering',
    phones: [{ kind: 'work', number: 'tel:+14255550123' }],
    kind: 'user',
  };
  const actions = createRawSnippet(() => ({ render: () => '<button type="button">Call</button>' }));
  const found = (person: PersonSummary, presence?: Presence) => render(FoundPerson, { props: { person, presence, children: actions } }).body;

  it('shows each person found with initials, name, title · department, presence where known, and their actions', () => {
    const html = found(ada, { availability: 'Busy' });
    expect(text(html)).toBe('AL Ada Lovelace Analyst · Engineering Call');
    expect(html).toContain('aria-label="Busy"');
    expect(found(ada)).not.toContain('role="img"');
  });

  it('shows a name as text, never as markup', () => {
    const html = found({ ...ada, name: XSS, title: XSS });
    expect(html).not.toContain('<img');
  });

  it('the search box is the Call field itself; a server without search keeps the field and says search is not offered', () => {
    const home = (canSearch: boolean) =>
      render(Home, { props: { snapshot: { ...appSnapshot({ account: { state: 'signedIn', server: 'local' } }), people: { canSearch, presence: {} } } } }).body;
    const sentence = 'Your server does not offer directory search: type a full address or phone number.';
    expect(home(true)).toContain('<input id="call-someone"');
    expect(home(true)).toContain('placeholder="A name, name@contoso.com or +1 425 555 0100"');
    expect(text(home(true))).not.toContain(sentence);
    expect(home(false)).toContain('<input id="call-someone"');
    expect(text(home(false))).toContain(sentence);
  });
});

describe('PhoneCallCard', () => {
  it('follows a call via my phone: my phone rings, it answered and the callee rings, connected; cancel, then end', () => {
    const card = (phase: CallSnapshot['phase'], actions: CallSnapshot['actions']) =>
      render(PhoneCallCard, {
        props: {
          call: call({
            kind: 'phoneAudio',
            direction: 'Outgoing',
            phase,
            actions,
            to: 'sip:ada@contoso.com',
            phoneNumber: 'tel:+14255550100',
            context: { to: 'Ada Lovelace', privateLine: false, joinAudioMuted: false, joinVideoMuted: false },
          }),
        },
      }).body;
    expect(text(card('connecting', ['cancel']))).toContain('Ada Lovelace Ringing your phone +14255550100…');
    expect(buttons(card('connecting', ['cancel']))).toEqual(['Cancel']);
    expect(text(card('ringingOut', ['cancel']))).toContain('Your phone answered: calling Ada Lovelace…');
    expect(text(card('connected', ['hangUp']))).toContain('Connected: talking on your phone.');
    expect(buttons(card('connected', ['hangUp']))).toEqual(['End call']);
  });
});

describe('Call', () => {
  it('shows whom the call is with and the controls before media arrives', () => {
    const html = render(Call, { props: { call: call({ phase: 'answering' }), media: undefined, onEnd: () => {} } }).body;
    expect(text(html)).toContain('Ada Lovelace Connecting…');
    expect(buttons(html)).toEqual(['Mute', 'Dial pad', 'Devices', 'Hang up']); // Add someone comes once connected
  });
});

describe('DialPad', () => {
  const pad = (props: { telephoneEvent: boolean | undefined; sent?: string; onPress?: (key: string) => void }) =>
    render(DialPad, { props: { sent: '', onPress: undefined, ...props } }).body;
  const disabled = (html: string) => [...html.matchAll(/<button[^>]*>/g)].filter(([tag]) => / disabled/.test(tag)).length;

  it('has the twelve keys with their letters, named by their digit, and says which digits were sent', () => {
    const html = pad({ telephoneEvent: true, sent: '12#', onPress: () => {} });
    expect(buttons(html)).toEqual(['1', '2 ABC', '3 DEF', '4 GHI', '5 JKL', '6 MNO', '7 PQRS', '8 TUV', '9 WXYZ', '*', '0 +', '#']);
    // The letters are hidden from screen readers: each key's name is its digit.
    expect([...html.matchAll(/<span class="letters[^"]*" aria-hidden="true">/g)]).toHaveLength(12);
    expect(html).toMatch(/role="group" aria-label="Dial pad"/);
    expect(text(html)).toContain('Sent 12#');
    expect(html).toMatch(/<p class="sent[^"]*" role="status">Sent 12#<\/p>/);
    expect(disabled(html)).toBe(0);
  });

  it('says so, keys held back, when the call agreed on no dial tones or has no audio yet', () => {
    const refused = pad({ telephoneEvent: false, onPress: () => {} });
    expect(text(refused)).toContain('This call cannot send dial tones: the other side did not agree to them (no telephone-event).');
    expect(refused).toContain('aria-describedby="dial-pad-note"');
    expect(disabled(refused)).toBe(12);
    const early = pad({ telephoneEvent: undefined });
    expect(text(early)).toContain('Dial tones can be sent once the call’s audio is set up.');
    expect(disabled(early)).toBe(12);
  });
});

describe('Call held by the other side', () => {
  it('says so from the snapshot when the core answered their hold itself (a bridged Skype for Business call)', () => {
    const props = (heldByRemote: boolean) => ({
      call: call({ phase: 'connected', actions: ['hangUp', 'renegotiate'], ...(heldByRemote && { heldByRemote }) }),
      media: undefined,
      onEnd: () => {},
    });
    expect(text(render(Call, { props: props(true) }).body)).toContain('Ada Lovelace put you on hold');
    expect(text(render(Call, { props: props(false) }).body)).not.toContain('put you on hold');
  });
});

describe('A video call that went through as audio only', () => {
  it('says so in the call view, from the snapshot', () => {
    const note = 'Ada Lovelace can take audio only: this is an audio call.';
    const props = {
      call: call({ phase: 'connected', direction: 'Outgoing', actions: ['hangUp'], dialect: 'skypeForBusiness', dialectNote: note }),
      media: undefined,
      onEnd: () => {},
    };
    expect(text(render(Call, { props }).body)).toContain(note);
  });
});

describe('SignIn', () => {
  const signIn = (signInForm: NonNullable<AccountSnapshot['signIn']>, state: AccountSnapshot['state'] = 'signedOut', problem?: string) =>
    render(SignIn, { props: { account: { state, server: 'remote', signIn: signInForm, ...(problem !== undefined && { problem }) } } }).body;
  const labels = (html: string) => [...html.matchAll(/<label[^>]*>(.*?)<\/label>/gs)].map((m) => text(m[1] ?? ''));

  it('asks for the address, a user name if different and the password, seeded with the last address', () => {
    const html = signIn({ method: 'password', address: 'ada@contoso.com', canRemember: true });
    expect(labels(html)).toEqual(['Sign-in address', 'User name (if different)', 'Password', 'Keep me signed in']);
    expect(html).toContain('value="ada@contoso.com"');
    expect(text(html)).toContain('kept in this computer’s keychain');
  });

  it('with Windows sign-in asks for the address only; without a keychain it cannot keep the sign-in', () => {
    const html = signIn({ method: 'windows', canRemember: false });
    expect(labels(html)).toEqual(['Sign-in address', 'Keep me signed in']);
    expect(html).toMatch(/<input type="checkbox"[^>]*disabled/);
    expect(text(html)).toContain('no keychain to keep your sign-in safely');
  });

  it('says why a sign-in was refused, and waits while signing in', () => {
    expect(text(signIn({ method: 'password', canRemember: true }, 'failed', 'The password was not accepted.'))).toContain('The password was not accepted.');
    expect(buttons(signIn({ method: 'password', canRemember: true }, 'signingIn'))).toEqual(['Signing in…']);
  });
});

describe('LinkRequestCard', () => {
  const card = (request: LinkRequest, canJoin = true, canCall = { audio: true, video: true }) =>
    render(LinkRequestCard, { props: { request, canJoin, canCall } }).body;

  it('asks before joining a meeting another application opened, with Join held back at first', () => {
    const html = card({ id: 'l1', kind: 'joinMeeting', uri: 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B' });
    expect(text(html)).toContain('Join this meeting? grace@contoso.com · 7T4LQJ2B');
    expect(buttons(html)).toEqual(['Join', 'Not now']);
    expect(html).toMatch(/<button class="btn-accept"[^>]*disabled/);
  });

  it('offers nothing to join when the administrator turned meetings off, and explains links it cannot follow', () => {
    const off = card({ id: 'l1', kind: 'joinMeeting', uri: 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B' }, false);
    expect(buttons(off)).toEqual(['Dismiss']);
    expect(text(off)).toContain('Your administrator has turned meetings off.');
    expect(text(card({ id: 'l3', kind: 'refused', problem: 'That link is not one this app opens.' }))).toContain('That link is not one this app opens.');
  });

  it('asks before calling someone a sip: or tel: link names, with Call and Video held back at first, and Video only where the server offers it', () => {
    const number = card({ id: 'l4', kind: 'call', address: 'tel:+14255550100' });
    expect(text(number)).toContain('Call +14255550100?');
    expect(buttons(number)).toEqual(['Call', 'Video', 'Not now']);
    expect(number).toMatch(/<button class="btn-accept"[^>]*disabled/);
    const audioOnly = card({ id: 'l5', kind: 'call', address: 'sip:ada@contoso.com' }, true, { audio: true, video: false });
    expect(text(audioOnly)).toContain('Call ada@contoso.com?');
    expect(buttons(audioOnly)).toEqual(['Call', 'Not now']);
    const none = card({ id: 'l6', kind: 'call', address: 'sip:ada@contoso.com' }, true, { audio: false, video: false });
    expect(buttons(none)).toEqual(['Dismiss']);
    expect(text(none)).toContain('Your server does not offer calls from this app.');
  });
});

describe('Meeting', () => {
  const meeting = (overrides: Partial<CallSnapshot>) =>
    render(Meeting, {
      props: {
        call: call({
          kind: 'onlineMeeting',
          direction: 'Outgoing',
          phase: 'connecting',
          meetingUri: 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B',
          ...overrides,
        }),
      },
    }).body;

  it('says the person waits in the lobby and offers to cancel; once in, offers to leave and to add someone', () => {
    const lobby = meeting({ inLobby: true, actions: ['cancel'] });
    expect(text(lobby)).toContain('Waiting in the lobby. The organiser will let you in.');
    expect(text(lobby)).toContain('grace@contoso.com · 7T4LQJ2B');
    expect(buttons(lobby)).toEqual(['Cancel']);
    // How to join the meeting's audio and video is chosen while waiting; the preview opens only in a live page.
    expect(lobby).toMatch(/<input type="checkbox"[^>]*\/?> Microphone off/);
    expect(lobby).toMatch(/<input type="checkbox"[^>]*\/?> Camera off/);
    const joined = meeting({ phase: 'connected', actions: ['leave'] });
    expect(text(joined)).toContain('You are in the meeting.');
    expect(buttons(joined)).toEqual(['Add audio and video', 'Add audio only', 'Leave', 'Invite']);
  });

  it('says why the meeting’s audio and video ended, and offers them again', () => {
    const ended = meeting({ phase: 'connected', actions: ['leave'], meetingMedia: { phase: 'ended', problem: 'The meeting’s audio and video ended.' } });
    expect(text(ended)).toContain('The meeting’s audio and video ended.');
    expect(buttons(ended)).toContain('Add audio and video');
  });
});

describe('Conversation', () => {
  /** A connected IM conversation's markup, with its first message and the messages after it. */
  const conversation = (firstMessage: CallSnapshot['firstMessage'], messages: CallSnapshot['messages']) =>
    render(Conversation, { props: { call: call({ kind: 'messaging', phase: 'connected', actions: ['leave'], firstMessage, messages }) } }).body;

  it('shows the first message and the replies as text, HTML included, never as markup', () => {
    const html = conversation({ format: 'plain', text: 'Lunch?' }, [
      { direction: 'Incoming', format: 'html', text: XSS, at: 0 },
      { direction: 'Outgoing', format: 'plain', text: 'Yes', at: 0 },
    ]);
    expect(html).not.toContain('<img');
    expect(text(html)).toMatch(/Lunch\?.*&lt;img src=x onerror="alert\(1\)"&gt;.*Yes/);
    expect(buttons(html)).toEqual(['End', 'Send']);
    expect(html).toContain('role="log"');
    expect(html).not.toContain('Shortened');
  });

  it('one started here says whom it waits for, shows the first message as the person’s own, and can be cancelled', () => {
    const waiting = call({
      kind: 'messaging',
      direction: 'Outgoing',
      phase: 'connecting',
      actions: ['cancel'],
      to: 'sip:chat@softphone.local',
      context: { to: 'Grace Hopper', privateLine: false, joinAudioMuted: false, joinVideoMuted: false },
      firstMessage: { format: 'plain', text: 'Hello Grace' },
    });
    const html = render(Conversation, { props: { call: waiting } }).body;
    expect(text(html)).toContain('Messaging Grace Hopper…');
    expect(html).toMatch(/<li class="[^"]*\bmine\b[^"]*">(<!--[^>]*-->|\s)*<div class="bubble[^"]*">(<!--[^>]*-->)?Hello Grace/);
    expect(buttons(html)).toEqual(['Cancel', 'Send']);
    expect(html).toMatch(/<button[^>]*disabled[^>]*>.*?Send/s);
  });

  it('shows that the other person types, and before the first message what it is for', () => {
    const typing = render(Conversation, { props: { call: call({ kind: 'messaging', phase: 'connected', actions: ['leave'], othersTyping: true }) } }).body;
    expect(text(typing)).toContain('Ada Lovelace is typing…');
    const draft = render(Conversation, { props: { draftTo: 'sip:chat@softphone.local' } }).body;
    expect(text(draft)).toContain('chat@softphone.local Write your first message to start the conversation.');
    expect(buttons(draft)).toEqual(['Cancel', 'Send']);
    expect(draft).not.toMatch(/<button[^>]*disabled/);
  });

  it('says which messages were shortened, first message included', () => {
    const cut = { text: `${'A'.repeat(7999)}…`, shortened: true as const };
    const html = conversation({ format: 'plain', ...cut }, [
      { direction: 'Incoming', format: 'plain', text: 'short', at: 0 },
      { direction: 'Incoming', format: 'html', ...cut, at: 0 },
    ]);
    expect(text(html).match(/Shortened: the rest was too long to show\./g)).toHaveLength(2);
  });
});
