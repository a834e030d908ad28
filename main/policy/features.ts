// Which feature of the admin policy a command from the renderer needs; the router refuses it when the
// feature is turned off.
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

export function featureNeeded(command: Command, snapshot: AppSnapshot): Feature | undefined {
  switch (command.type) {
    case 'chooseAnswer':
      return command.video ? 'video' : undefined;
    case 'joinMeeting':
    case 'addMeetingMedia':
      return 'meetings';
    case 'addParticipant':
      return 'addParticipant';
    case 'declineWithMessage':
      return 'declineWithMessage';
    case 'startTestCall':
      return 'testCall';
    case 'answerOnPhone':
      return 'answerOnPhone';
    case 'sendMessage':
      return 'messaging';
    case 'answerLinkRequest':
      return command.accept && snapshot.linkRequest?.kind === 'joinMeeting' ? 'meetings' : undefined;
    case 'accept': {
      const kind = snapshot.calls.find((call) => call.id === command.callId)?.kind;
      return kind === 'messaging' ? 'messaging' : kind === 'onlineMeeting' ? 'meetings' : undefined;
    }
    default:
      return undefined;
  }
}
