// The header's status button as the server's report makes it read (server-rendered, no window needed).
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { MyPresence } from '../../preload/shared/contract.js';
import StatusMenu from '../../renderer/components/StatusMenu.svelte';

const me = (overrides: Partial<MyPresence> = {}): MyPresence => ({
  presence: { availability: 'Online' },
  canSetAvailability: true,
  canSetNote: true,
  canSetLocation: true,
  ...overrides,
});

const html = (props: MyPresence) => render(StatusMenu, { props: { me: props } }).body;

describe('the status button', () => {
  it('says the status the server reports, with what the server is doing for the person, as a closed menu button', () => {
    const body = html(me({ presence: { availability: 'Busy', activity: 'InACall' } }));
    expect(body).toContain('aria-label="Your status: Busy, in a call"');
    expect(body).toContain('aria-haspopup="menu"');
    expect(body).toContain('aria-expanded="false"');
    expect(body).not.toContain('role="menu"');
  });

  it('shows a status the app does not know as unknown, and an out-of-office note as such', () => {
    const body = html(me({ presence: { availability: 'Unknown' }, note: 'On leave until Monday', noteType: 'OutOfOffice', location: 'Building 4' }));
    expect(body).toContain('aria-label="Your status: Presence unknown"');
    expect(body).toMatch(/class="note[^"]*out-of-office[^"]*"[^>]*>On leave until Monday</);
    expect(body).toContain('· Building 4');
  });

  it('is disabled where the server lets this app set none of it', () => {
    const body = html(me({ canSetAvailability: false, canSetNote: false, canSetLocation: false }));
    expect(body).toMatch(/<button[^>]*disabled/);
  });
});
