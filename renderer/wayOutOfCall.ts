// The way out of a call, meeting or conversation whose view could not be loaded: what its own view's red button does.
import type { CallSnapshot } from '../preload/shared/contract';
import type { WayBack } from './components/ViewLoadFailed.svelte';
import { app } from './stores/app.svelte';

const WAYS_OUT = [
  ['cancel', 'Cancel'],
  ['hangUp', 'Hang up'],
  ['leave', 'Leave'],
] as const;

/** The first of cancel, hang up and leave that the call offers now; none when it offers neither. */
export function wayOutOfCall(call: CallSnapshot): WayBack | undefined {
  const way = WAYS_OUT.find(([action]) => call.actions.includes(action));
  if (!way) return undefined;
  const [action, label] = way;
  // A conversation's view calls leaving it End.
  return { label: action === 'leave' && call.kind === 'messaging' ? 'End' : label, onclick: () => void app.send({ type: action, callId: call.id }) };
}
