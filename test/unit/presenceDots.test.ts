// The presence dot's words for every availability, and where the windows show it: beside the caller on
// the ring card and beside each person in Recent (server-rendered markup; colours are checked in Chromium
// by test/e2e/presence.test.ts).
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { AVAILABILITIES, type CallSnapshot, type Presence } from '../../preload/shared/contract.js';
import PresenceDot from '../../renderer/components/PresenceDot.svelte';
import RingCard from '../../renderer/components/RingCard.svelte';
import Home from '../../renderer/views/Home.svelte';
import { appSnapshot, callSnapshot, historyEntry } from '../support/snapshots.js';

const ADA = 'sip:ada@contoso.com';
const call = (overrides: Partial<CallSnapshot> = {}) => callSnapshot('c1', { actions: ['decline'], subject: '', ...overrides });
/** The labels of the presence dots in the markup (other images, such as the missed-call icon, left out). */
const labels = (html: string) => [...html.matchAll(/data-tone="[^"]*"><span[^>]*aria-label="([^"]*)"/g)].map((m) => m[1]);

describe('presence dots', () => {
  it('names every availability, and what the person is doing where the app knows the activity', () => {
    const named = AVAILABILITIES.map((availability) => labels(render(PresenceDot, { props: { presence: { availability } } }).body)[0]);
    expect(named).toEqual([
      'Available',
      'Busy',
      'Do not disturb',
      'Be right back',
      'Away',
      'Off work',
      'Inactive',
      'Busy, inactive',
      'Offline',
      'Presence unknown',
    ]);
    const inACall: Presence = { availability: 'Busy', activity: 'InACall' };
    expect(labels(render(PresenceDot, { props: { presence: inACall } }).body)).toEqual(['Busy, in a call']);
  });

  it('shows the caller’s presence on the ring card, and nothing where the app does not watch it', () => {
    const ring = (presence?: Presence) => render(RingCard, { props: { call: call(), presence, onChoose: () => {} } }).body;
    expect(labels(ring({ availability: 'DoNotDisturb' }))).toEqual(['Do not disturb']);
    expect(labels(ring())).toEqual([]);
  });

  it('shows the presence of each person in Recent by the address Call back calls', () => {
    const snapshot = appSnapshot({
      history: { recent: [historyEntry('a', { address: ADA }), historyEntry('b', { address: 'tel:+14255550100' }), historyEntry('c', { address: undefined })] },
      people: { canSearch: true, presence: { [ADA]: { availability: 'Away' }, 'tel:+14255550100': { availability: 'Busy' } } },
    });
    expect(labels(render(Home, { props: { snapshot } }).body)).toEqual(['Away', 'Busy']);
  });
});
