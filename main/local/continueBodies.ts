// What each continue link of a conversation log takes: its page's request body (continueAudioVideo_ref,
// continueAudio_ref, continuePhoneAudio_ref, continueMessaging_ref), every field optional, and nothing
// more: whom the new conversation is with is the log's, so `to`, `subject` and the like are refused.
import type { IncomingMessage } from 'node:http';
import * as z from '../../preload/shared/zod/zod.js';
import type { ContinueLink } from './conversationLogResources.js';
import { operationIdSchema } from './outgoingInvitation.js';
import { parseRequest, readJsonBody } from './serviceHttp.js';

const dataLink = z.object({ href: z.string().max(256 * 1024) });

const continueCall = z.strictObject({
  operationId: operationIdSchema.optional(),
  sessionContext: z.string().max(50).optional(),
  _links: z.strictObject({ mediaOffer: dataLink.optional() }).optional(),
});

const CONTINUE_BODIES: Record<ContinueLink, z.ZodType> = {
  continueAudioVideo: continueCall,
  continueAudio: continueCall,
  continuePhoneAudio: z.strictObject({ operationId: operationIdSchema.optional(), phoneNumber: z.string().max(100).optional() }),
  continueMessaging: z.strictObject({ operationId: operationIdSchema.optional(), _links: z.strictObject({ message: dataLink.optional() }).optional() }),
};

/** The body posted to `link`, as received, once it holds only what the link's page documents (else 400 ParameterValidationFailure). */
export async function readContinueBody(link: ContinueLink, request: IncomingMessage): Promise<Record<string, unknown>> {
  const received = await readJsonBody(request);
  parseRequest(CONTINUE_BODIES[link], received);
  return received;
}
