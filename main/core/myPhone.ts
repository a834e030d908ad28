// Which phone the person is reached on (Answer on my phone) and that Call via my phone rings first: the
// administrator's number, else the one the person typed in Settings, else the server's list of their
// phones (me/phones), a work phone first.
import type { MyPhone } from '../../preload/shared/contract.js';
import { CallTargetError, phoneNumberOf } from '../calls/callTargets.js';
import type { PolicySettings } from '../policy/apply.js';
import type { ListedPhone } from '../ucwa/phones.js';

/** The server's phone types, the likeliest to be at hand when the app rings them first. */
const LISTED_ORDER = ['work', 'mobile', 'home', 'other'];

export function myPhone({ settings, locked }: PolicySettings, listed: readonly ListedPhone[]): MyPhone | undefined {
  if (settings.phoneNumber !== undefined) return { number: settings.phoneNumber, from: locked.includes('phoneNumber') ? 'administrator' : 'settings' };
  const rank = (phone: ListedPhone) => {
    const index = LISTED_ORDER.indexOf(phone.type.toLowerCase());
    return index < 0 ? LISTED_ORDER.length : index;
  };
  for (const phone of [...listed].sort((a, b) => rank(a) - rank(b))) {
    const number = usableNumber(phone.number);
    if (number !== undefined) return { number, from: 'account' };
  }
  return undefined;
}

/** A listed number the server wrote in E.164 (`tel:+14255551234`, or the sample's `tel : +1…`); a number without a country code is no use here. */
function usableNumber(listed: string): string | undefined {
  try {
    return phoneNumberOf(listed.replace(/^tel\s*:\s*/i, ''));
  } catch (error) {
    if (error instanceof CallTargetError) return undefined;
    throw error;
  }
}
