// The tray's quick forwarding choices, from a snapshot: where calls go now, and the few choices one click
// makes (ring only here, forward to voicemail, forward to the person or number last chosen). Pure (type
// imports only), so it is tested in Node; Settings has the rest.
import type { MenuItemConstructorOptions } from 'electron';
import type { AppSnapshot, ForwardingChoice } from '../../preload/shared/contract.js';
import { contactLabel } from '../../preload/shared/forwarding.js';

export function trayForwardingItems(snapshot: AppSnapshot, setForwarding: (choice: ForwardingChoice) => void): MenuItemConstructorOptions[] {
  const forwarding = snapshot.account.state === 'signedIn' ? snapshot.forwarding : undefined;
  if (!forwarding) return [];
  const enabled = forwarding.canChange;
  const forwardedTo = forwarding.mode === 'forward' ? forwarding.to : undefined;
  const { target } = forwarding;
  return [
    { type: 'separator' },
    { label: forwarding.sentence, enabled: false },
    { label: 'Ring only here', type: 'radio', checked: forwarding.mode === 'off', enabled, click: () => setForwarding({ kind: 'off' }) },
    {
      label: 'Forward to voicemail',
      type: 'radio',
      checked: forwardedTo === 'voicemail',
      enabled,
      click: () => setForwarding({ kind: 'forward', to: 'voicemail' }),
    },
    ...(target
      ? [
          {
            label: `Forward to ${contactLabel(target)}`,
            type: 'radio' as const,
            checked: forwardedTo === 'contact',
            enabled,
            click: () => setForwarding({ kind: 'forward', to: 'contact', target: target.uri }),
          },
        ]
      : []),
  ];
}
