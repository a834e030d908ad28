// Which features of the admin policy a command from the renderer needs; the router refuses it when one
// of them is turned off.
import sdpTransform from 'sdp-transform';
import type { AppSnapshot, Command, Feature } from '../../preload/contract.js';

export const FEATURE_OFF: Record<Feature, string> = {
  video: 'Your administrator has turned video off.',
  messaging: 'Your administrator has turned instant messages off.',
  meetings: 'Your administrator has turned meetings off.',
  addParticipant: 'Your administrator has turned adding people to calls off.',
  declineWithMessage: 'Your administrator has turned declining with a message off.',
  testCall: 'Your administrator has turned test calls off.',
  answerOnPhone: 'Your administrator has turned answering on your phone off.',
};

/** Whether an SDP sends or receives video: a video section that is neither rejected (port 0) nor inactive. */
function carriesVideo(sdp: string): boolean {
  try {
    return sdpTransform.parse(sdp).media.some((media) => media.type === 'video' && media.port !== 0 && media.direction !== 'inactive');
  } catch {
    return false;
  }
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
