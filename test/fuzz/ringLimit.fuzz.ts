// The ring limit under any sequence of event batches: incoming invitations start and complete in any
// order and number, and after every batch the calls that ring are exactly those a simple model admits:
// at most four, each started while fewer rang; every one turned away gets its decline request. The
// controller runs on a client signed in to the local service, which answers those declines (404: the
// service never rang them).
import fc from 'fast-check';
import { expect } from 'vitest';
import { CallsController } from '../../main/calls/controller.js';
import { MOST_RINGING } from '../../main/calls/ringLimit.js';
import * as invitations from '../../main/local/invitationResources.js';
import type { LocalUcwaService } from '../../main/local/service.js';
import type { UcwaClient } from '../../main/ucwa/client.js';
import type { UcwaError } from '../../main/ucwa/errors.js';
import type { EventBatch, UcwaEvent } from '../../main/ucwa/events.js';
import { connectClient, startService } from '../support/localServer.js';
import { fuzzProperty, type FuzzTarget } from './fuzzProperty.js';
import { INVITATION_FIELDS } from './samples.js';

let signedIn: { service: LocalUcwaService; client: UcwaClient } | undefined;

type Step = { start: 'messagingInvitation' | 'onlineMeetingInvitation' } | { complete: number; status: 'Success' | 'Failure' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ start: fc.constantFrom('messagingInvitation' as const, 'onlineMeetingInvitation' as const) }),
  fc.record({ complete: fc.nat(), status: fc.constantFrom('Success' as const, 'Failure' as const) }),
);

/** What the calls should be: each invitation ringing, connected, turned away or gone. */
type Model = Map<number, { kind: string; state: 'ringing' | 'connected' | 'turnedAway' | 'gone'; declined: boolean }>;

function apply(model: Model, steps: Step[]): UcwaEvent[] {
  const { client } = signedIn!;
  const communication = { rel: 'communication', href: `${client.base.pathname}/communication` };
  const href = (n: number) => `${client.base.pathname}/communication/invitations/fuzz${n}`;
  return steps.flatMap((s): UcwaEvent[] => {
    if ('start' in s) {
      const n = model.size;
      const ringing = [...model.values()].filter((call) => call.state === 'ringing').length;
      const admitted = ringing < MOST_RINGING;
      model.set(n, { kind: s.start, state: admitted ? 'ringing' : 'turnedAway', declined: !admitted });
      const fields = { ...INVITATION_FIELDS, href: href(n), subject: `#${n}` };
      const embedded =
        s.start === 'messagingInvitation'
          ? invitations.messagingInvitation(fields, 'Hello', 'ucwa')
          : invitations.onlineMeetingInvitation(fields, 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B');
      return [{ sender: communication, rel: s.start, href: href(n), type: 'started', embedded }];
    }
    if (model.size === 0) return [];
    const n = s.complete % model.size;
    const call = model.get(n)!;
    if (call.state === 'ringing') call.state = s.status === 'Success' ? 'connected' : 'gone';
    else if (call.state === 'turnedAway' || (call.state === 'connected' && s.status === 'Failure')) call.state = 'gone';
    return [{ sender: communication, rel: call.kind, href: href(n), type: 'completed', status: s.status }];
  });
}

const ringLimitHolds = fuzzProperty(
  'at most four ring after any batches, exactly those started while fewer rang; each turned away is declined',
  500,
  fc.asyncProperty(fc.array(fc.array(step, { maxLength: 12 }), { minLength: 1, maxLength: 8 }), async (batches) => {
    const problems: UcwaError[] = [];
    let declined = () => {};
    const calls = new CallsController(signedIn!.client, {
      onChange: () => {},
      onProblem: (error) => {
        problems.push(error);
        declined();
      },
    });
    const model: Model = new Map();
    try {
      for (const steps of batches) {
        const batch: EventBatch = { events: apply(model, steps), rejected: [] };
        await calls.handleBatch(batch);
        const subjects = (phase: string) =>
          calls
            .snapshot()
            .calls.filter((call) => call.phase === phase)
            .map((call) => call.subject);
        const expected = (state: string) => [...model].filter(([, call]) => call.state === state).map(([n]) => `#${n}`);
        expect(subjects('ringing')).toEqual(expected('ringing'));
        expect(subjects('connected')).toEqual(expected('connected'));
      }
      // Each invitation turned away was declined on the wire (the service knows none of them: 404), and
      // each batch that turned some away said so once. A meeting that connected is read further (its
      // conversation, to join its chat): the service never held it either.
      const declines = [...model.values()].filter((call) => call.declined).length;
      const isDecline = (problem: UcwaError) => problem.message.startsWith('HTTP 404') && problem.message.includes('/decline');
      const isMeetingRead = (problem: UcwaError) => problem.message.startsWith('HTTP 404') && problem.message.includes('/conversations/');
      await new Promise<void>((resolve) => {
        declined = () => problems.filter(isDecline).length >= declines && resolve();
        declined();
      });
      expect(problems.filter((problem) => !isDecline(problem) && !isMeetingRead(problem)).every((problem) => problem.name === 'RingLimitError')).toBe(true);
    } finally {
      calls.dispose();
    }
  }),
  // A meeting connected among IM invitations: the core reads it further, and the service never held it.
  [
    [
      [
        [{ start: 'messagingInvitation' }, { start: 'messagingInvitation' }],
        [{ start: 'onlineMeetingInvitation' }],
        [{ complete: 2, status: 'Success' }, { start: 'messagingInvitation' }, { start: 'messagingInvitation' }, { start: 'messagingInvitation' }],
      ],
    ],
  ],
);

export const ringLimitTarget: FuzzTarget = {
  name: 'the ring limit (calls/ringLimit.ts) under any event batches',
  properties: [ringLimitHolds],
  async setUp() {
    const { service, rootUrl } = await startService();
    const { client } = await connectClient(service, rootUrl);
    signedIn = { service, client };
  },
  async tearDown() {
    await signedIn?.client.close();
    await signedIn?.service.stop();
  },
};
