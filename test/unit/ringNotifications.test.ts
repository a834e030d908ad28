import { describe, expect, it } from 'vitest';
import { answerShortcutWanted, newRingNotices, staleRingNotices, watchAnswerChoices } from '../../main/electron/ringNotifications.js';
import { DEFAULT_SETTINGS, type AppSnapshot, type CallSnapshot } from '../../preload/shared/contract.js';
import { appSnapshot, callSnapshot } from '../support/snapshots.js';

const ringing = (id: string, overrides: Partial<CallSnapshot> = {}): CallSnapshot =>
  callSnapshot(id, { actions: ['answer', 'decline'], importance: 'Urgent', ...overrides });
const snapshot = (calls: CallSnapshot[], doNotDisturb: 'off' | 'silence' = 'off'): AppSnapshot =>
  appSnapshot({ calls, settings: { ...DEFAULT_SETTINGS, doNotDisturb } });

describe('ring notifications', () => {
  it('notify once per call that starts ringing while the window is out of sight', () => {
    const calls = [
      ringing('a'),
      ringing('b', { kind: 'messaging', caller: { name: 'Grace Hopper', uri: 'sip:grace@contoso.com' }, importance: 'Normal', subject: '' }),
    ];
    expect(newRingNotices(snapshot(calls), new Set(['a']), false)).toEqual([{ callId: 'b', title: 'Message from Grace Hopper', body: '' }]);
    expect(newRingNotices(snapshot(calls.slice(0, 1)), new Set(), false)).toEqual([{ callId: 'a', title: 'Ada Lovelace is calling', body: 'Urgent · Budget' }]);
  });

  it('stay quiet when the window is in sight, under do-not-disturb, or for calls not ringing', () => {
    expect(newRingNotices(snapshot([ringing('a')]), new Set(), true)).toEqual([]);
    expect(newRingNotices(snapshot([ringing('a')], 'silence'), new Set(), false)).toEqual([]);
    expect(newRingNotices(snapshot([ringing('a', { phase: 'connected' })]), new Set(), false)).toEqual([]);
  });
});

describe('while calls ring', () => {
  it('withdraws the notices of calls that stopped ringing', () => {
    const calls = [ringing('a'), ringing('b', { phase: 'connected' })];
    expect(staleRingNotices(['a', 'b', 'gone'], snapshot(calls))).toEqual(['b', 'gone']);
    expect(staleRingNotices([], snapshot(calls))).toEqual([]);
  });

  it('holds the answer shortcut only while a call it could answer rings', () => {
    expect(answerShortcutWanted(snapshot([ringing('a')]))).toBe(DEFAULT_SETTINGS.answerShortcut);
    expect(answerShortcutWanted(snapshot([]))).toBeUndefined();
    expect(answerShortcutWanted(snapshot([ringing('a', { answerChoice: { video: true } })]))).toBeUndefined();
    expect(answerShortcutWanted(snapshot([ringing('a', { actions: ['decline'] })]))).toBeUndefined();
    expect(answerShortcutWanted(snapshot([ringing('a', { phase: 'connected' })]))).toBeUndefined();
    const noShortcut = appSnapshot({ calls: [ringing('a')], settings: { ...DEFAULT_SETTINGS, answerShortcut: undefined } });
    expect(answerShortcutWanted(noShortcut)).toBeUndefined();
  });
});

describe('a call answered as the person chose', () => {
  it('brings the main window forward once, when a call chosen while it rang is answered', () => {
    const answered = watchAnswerChoices();
    expect(answered(snapshot([ringing('a'), ringing('b')]))).toBe(false);
    expect(answered(snapshot([ringing('a', { answerChoice: { video: true } }), ringing('b')]))).toBe(false);
    expect(answered(snapshot([ringing('a', { phase: 'connected' }), ringing('b')]))).toBe(true);
    expect(answered(snapshot([ringing('a', { phase: 'connected' }), ringing('b')]))).toBe(false);
  });

  it('leaves the windows as they are for calls answered without a choice, or declined after one', () => {
    const answered = watchAnswerChoices();
    expect(answered(snapshot([ringing('a', { answerChoice: { video: false } }), ringing('b')]))).toBe(false);
    expect(answered(snapshot([ringing('b', { phase: 'connected' })]))).toBe(false);
  });
});
