// The features of the admin policy that commands from the renderer need (main/ipc/commands.ts says which),
// and what the person is told when one is off.
import type { Feature } from '../../preload/shared/contract.js';
import { analyseOffer } from '../../preload/shared/offerAnalysis.js';

export const FEATURE_OFF: Record<Feature, string> = {
  video: 'Your administrator has turned video off.',
  messaging: 'Your administrator has turned instant messages off.',
  meetings: 'Your administrator has turned meetings off.',
  addParticipant: 'Your administrator has turned adding people to calls off.',
  declineWithMessage: 'Your administrator has turned declining with a message off.',
  testCall: 'Your administrator has turned test calls off.',
  answerOnPhone: 'Your administrator has turned answering on your phone off.',
  earlyMedia: 'Your administrator has turned early media off.',
  forwarding: 'Your administrator has locked call forwarding.',
};

/**
 * Whether an SDP sends or receives video: a video section neither rejected (port 0) nor inactive, by its
 * own direction or the session's, as the one SDP analysis reads it.
 */
export function carriesVideo(sdp: string): boolean {
  return analyseOffer(sdp).media.some((media) => media.kind === 'video' && media.port !== 0 && media.direction !== 'inactive');
}
