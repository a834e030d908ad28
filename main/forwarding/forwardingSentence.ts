// The one sentence that says where the person's calls go, always shown in the header and the tray.
import { contactLabel, type ForwardingContact, type ForwardingSnapshot } from '../../preload/shared/forwarding.js';

type Described = Omit<ForwardingSnapshot, 'sentence' | 'canChange'>;

const whom = (to: Described['to'], target: ForwardingContact | undefined): string =>
  to === 'voicemail' ? 'voicemail' : to === 'delegates' ? 'your delegates' : to === 'team' ? 'your team' : target ? contactLabel(target) : 'a contact';

export function forwardingSentence(state: Described): string {
  const during = state.workHoursOnly ? ' during work hours' : '';
  if (state.mode === 'forward')
    return state.to === 'voicemail' ? `Calls go to voicemail${during}` : `Calls forward to ${whom(state.to, state.target)}${during}`;
  const first =
    state.mode === 'simultaneous'
      ? `Calls ring here and ${whom(state.to, state.target)}${state.simultaneousDelaySeconds > 0 ? ` after ${state.simultaneousDelaySeconds} s` : ''}`
      : 'Calls ring here';
  const { unanswered } = state;
  if (unanswered.to === 'none') return `${first}${during}`;
  return `${first}; unanswered ones go to ${whom(unanswered.to, unanswered.target)} after ${unanswered.delaySeconds} s${during}`;
}
