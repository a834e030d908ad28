// Which features of the admin policy a command from the renderer needs; the router refuses it when one
// of them is turned off.
import type { AppSnapshot, Command, Feature } from '../../preload/shared/contract.js';
import { analyseOffer } from '../../preload/shared/offerAnalysis.js';

export const FEATURE_OFF: Record<Feature, string> = {
  video: 'Your administrator has turned video off.',
  messaging: 'Your administrator has turned instant messages off.',
  meetings: 'Your administrator has turned meetings off.',
  addParticipant: 'Your administrator has turned adding people to calls off.',
  declineWithMessage: 'Your administrator has turned declining with a message off.',
  testCall: 'Your administrator has turned test calls off.',
  answerOnPhone: 'Your administrator has turned answering on your phone off.',
};

/**
 * Whether an SDP sends or receives video: a video section neither rejected (port 0) nor inactive, by its
 * own direction or the session's, as the one SDP analysis reads it.
 */
function carriesVideo(sdp: string): boolean {
  return analyseOffer(sdp).media.some((media) => media.kind === 'video' && media.port !== 0 && media.direction !== 'inactive');
}

export function featuresNeeded(command: Command, snapshot: AppSnapshot): Feature[] {
  switch (command.type) {
    case 'chooseAnswer':
      return command.video ? ['video'] : [];
    case 'answer':
    case 'provisionalAnswer':
    case 'renegotiate':
    case 'answerRenegotiation':
      return carriesVideo(command.sdp) ? ['video'] : [];
    case 'joinMeeting':
      return ['meetings'];
    case 'addMeetingMedia':
      return carriesVideo(command.sdp) ? ['meetings', 'video'] : ['meetings'];
    case 'addParticipant':
      return ['addParticipant'];
    case 'declineWithMessage':
      return ['declineWithMessage', 'messaging'];
    case 'startTestCall':
      return command.video ? ['testCall', 'video'] : ['testCall'];
    case 'answerOnPhone':
      return ['answerOnPhone'];
    case 'sendMessage':
      return ['messaging'];
    case 'answerLinkRequest':
      return command.accept && snapshot.linkRequest?.kind === 'joinMeeting' ? ['meetings'] : [];
    case 'accept': {
      const kind = snapshot.calls.find((call) => call.id === command.callId)?.kind;
      return kind === 'messaging' ? ['messaging'] : kind === 'onlineMeeting' ? ['meetings'] : [];
    }
    default:
      return [];
  }
}
