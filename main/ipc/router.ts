import { IllegalActionError } from '../calls/call.js';
import { RenegotiationFailedError, UnavailableActionError, UnknownCallError } from '../calls/controller.js';
import { MeetingLinkError } from '../calls/meetingLinks.js';
import { FEATURE_OFF, featuresNeeded } from '../policy/features.js';
import { LockedSettingError, UnavailableError, type Softphone } from '../core/softphone.js';
import { UcwaError } from '../ucwa/errors.js';
import { commandSchema, type CommandError, type CommandResult, type RingContentReport } from '../../preload/shared/contract.js';

export type Sender = {
  /** The URL of the frame (Electron) or page (harness) that sent the command. */
  url: string;
};

export type CommandRouter = (sender: Sender, raw: unknown) => Promise<CommandResult>;

/** What the desktop around the core does with commands about its windows; absent where there are none. */
export type DesktopWindows = { fitRingWindow?(report: RingContentReport): void };

/**
 * Every command from a renderer comes through here: the sender must be one of the app's own pages and
 * the command must match the contract's schema before anything runs.
 */
export function createCommandRouter(softphone: Softphone, trustedOrigins: readonly string[], desktop: DesktopWindows = {}): CommandRouter {
  // The ring window's last measure: the same one again resizes nothing.
  let ringContent: RingContentReport | undefined;
  return async (sender, raw) => {
    if (!isTrusted(sender.url, trustedOrigins)) {
      return failure('UntrustedSender', 'Commands are only accepted from the app’s own pages.');
    }
    const parsed = commandSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return failure('InvalidCommand', `${issue?.path.join('.') || 'command'}: ${issue?.message ?? 'invalid'}`);
    }
    const command = parsed.data;
    const before = softphone.snapshot();
    const off = featuresNeeded(command, before).find((feature) => !before.policy.features[feature]);
    if (off) return failure('Unavailable', FEATURE_OFF[off]);
    try {
      switch (command.type) {
        case 'getSnapshot':
          break;
        case 'signIn': {
          const { type: _type, ...entry } = command;
          await softphone.signIn(entry);
          break;
        }
        case 'signOut':
          await softphone.signOut();
          break;
        case 'answerLinkRequest':
          await softphone.answerLinkRequest(command.id, command.accept);
          break;
        case 'answer':
          await softphone.answer(command.callId, command.sdp);
          break;
        case 'provisionalAnswer':
          await softphone.provisionalAnswer(command.callId, command.sdp);
          break;
        case 'chooseAnswer':
          softphone.chooseAnswer(command.callId, command.video);
          break;
        case 'answerFailed':
          softphone.answerFailed(command.callId, command.problem);
          break;
        case 'answerOnPhone':
          await softphone.calls.answerOnPhone(command.callId);
          break;
        case 'accept':
          await softphone.calls.accept(command.callId);
          break;
        case 'decline':
          await softphone.calls.decline(command.callId, command.reason);
          break;
        case 'declineWithMessage':
          await softphone.calls.declineWithMessage(command.callId, command.text);
          break;
        case 'cancel':
          await softphone.calls.cancel(command.callId);
          break;
        case 'hangUp':
          await softphone.calls.hangUp(command.callId);
          break;
        case 'sendMessage':
          await softphone.calls.sendMessage(command.callId, command.text);
          break;
        case 'leave':
          await softphone.calls.leave(command.callId);
          break;
        case 'joinMeeting':
          await softphone.calls.joinMeeting(command.uri, command.subject);
          break;
        case 'addParticipant':
          await softphone.calls.addParticipant(command.callId, command.to);
          break;
        case 'renegotiate': {
          const answerSdp = await softphone.renegotiate(command.callId, command.sdp);
          return { ok: true, snapshot: softphone.snapshot(), answerSdp };
        }
        case 'answerRenegotiation':
          await softphone.calls.answerRenegotiation(command.callId, command.offerId, command.sdp);
          break;
        case 'dismissRenegotiation':
          await softphone.calls.dismissRenegotiation(command.callId, command.offerId, command.reason);
          break;
        case 'addMeetingMedia':
          await softphone.calls.addMeetingMedia(command.callId, command.sdp);
          break;
        case 'updateSettings':
          softphone.updateSettings(command.change);
          break;
        case 'startTestCall':
          await softphone.startTestCall(command.video);
          break;
        case 'fitRingWindow':
          if (ringContent?.height === command.height && ringContent.cards === command.cards) break;
          ringContent = { height: command.height, cards: command.cards };
          desktop.fitRingWindow?.(ringContent);
          break;
      }
      return { ok: true, snapshot: softphone.snapshot() };
    } catch (error) {
      return failure(...classify(error));
    }
  };
}

/** Compares scheme and host: WHATWG `origin` is "null" for the app's own `app://` scheme. */
function isTrusted(url: string, trustedOrigins: readonly string[]): boolean {
  try {
    const { protocol, host } = new URL(url);
    return trustedOrigins.includes(`${protocol}//${host}`);
  } catch {
    return false;
  }
}

function classify(error: unknown): [CommandError['code'], string] {
  if (error instanceof UnknownCallError) return ['UnknownCall', error.message];
  if (error instanceof IllegalActionError) return ['IllegalAction', error.message];
  if (error instanceof UnavailableError || error instanceof UnavailableActionError || error instanceof LockedSettingError)
    return ['Unavailable', error.message];
  if (error instanceof MeetingLinkError) return ['InvalidCommand', error.message];
  if (error instanceof UcwaError || error instanceof RenegotiationFailedError) return ['ServerError', error.message];
  throw error;
}

function failure(code: CommandError['code'], message: string): CommandResult {
  return { ok: false, error: { code, message } };
}
