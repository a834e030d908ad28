import type { Links } from '../ucwa/resources.js';

/**
 * The `communication` link a call is placed through: a video call needs startAudioVideo; an audio call
 * takes startAudio (the server's word that audio alone may be started) or else startAudioVideo with an
 * audio-only offer. startVideo (video without audio) is not used: the app's offers always carry audio.
 */
export function startLink(communication: Links, video: boolean): string | undefined {
  return video ? communication.get('startAudioVideo') : (communication.get('startAudio') ?? communication.get('startAudioVideo'));
}

/** Which calls the server lets the app place, so the windows offer only those. */
export function callsOffered(communication: Links): { audio: boolean; video: boolean } {
  return { audio: startLink(communication, false) !== undefined, video: startLink(communication, true) !== undefined };
}

/** What the signed-in server lets the app start (nothing before sign-in), so the windows offer only that. */
export function startsOffered(communication: Links | undefined) {
  return {
    canCall: communication ? callsOffered(communication) : { audio: false, video: false },
    canStartMessaging: communication?.has('startMessaging') ?? false,
    canCallViaWork: communication?.has('startPhoneAudio') ?? false,
    ...(communication?.has('startOnlineMeeting') && { canStartMeeting: true as const }),
  };
}
