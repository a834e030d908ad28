// What a change of the person's settings means on the server: do-not-disturb sets the status there
// (PresenceChoices), and a new number to reach the person on is told to it (PUT communication). A server
// that refuses either is reported; the setting stays.
import type { SettingsChange } from '../../preload/shared/contract.js';
import type { People } from '../people/people.js';
import type { UcwaClient } from '../ucwa/client.js';
import { UcwaError } from '../ucwa/errors.js';

interface SignedIn {
  readonly people?: People | undefined;
  readonly client?: UcwaClient | undefined;
}

export async function tellServerOfSettings(
  change: SettingsChange,
  server: SignedIn,
  phone: { before: string | undefined; after: string | undefined; answerOnPhone: boolean },
  onProblem: (error: UcwaError) => void,
): Promise<void> {
  const report = (error: unknown) => {
    if (!(error instanceof UcwaError)) throw error;
    onProblem(error);
  };
  if (change.doNotDisturb !== undefined) await server.people?.me.followDoNotDisturb(change.doNotDisturb !== 'off').catch(report);
  if (phone.after === phone.before || !server.client || !phone.answerOnPhone) return;
  await server.client.reachOn(phone.after).catch(report);
}
