import type { IncomingMessage } from 'node:http';
import { Core } from '../../main/core/core.js';
import { createCommandRouter } from '../../main/ipc/router.js';
import { LocalUcwaService, type LocalServiceOptions } from '../../main/local/service.js';
import type { UcwaError } from '../../main/ucwa/errors.js';
import { FaultProxy, type ProxiedReply } from './faultProxy.js';

export type CoreOnServiceSetup = {
  local?: LocalServiceOptions;
  /** Rewrites the service's replies on their way to the core (a hostile server), through a FaultProxy. */
  rewrite?: (request: IncomingMessage, reply: ProxiedReply) => ProxiedReply;
  /** What the service holds before the core signs in. */
  before?: (service: LocalUcwaService) => void;
};

/**
 * A core signed in to a local service, perhaps behind a proxy rewriting its replies, with the window's
 * command router; what it starts is pushed on `stops` (stopped in reverse order after the test).
 */
export async function coreOnService(stops: Array<() => Promise<void>>, { local = {}, rewrite, before }: CoreOnServiceSetup = {}) {
  const service = new LocalUcwaService({ maxHoldSeconds: 2, ...local });
  await service.start();
  stops.push(() => service.stop());
  before?.(service);
  let rootUrl = service.rootUrl;
  if (rewrite) {
    const proxy = new FaultProxy({ service, schedule: [], rewrite });
    rootUrl = await proxy.start();
    stops.push(() => proxy.stop());
  }
  const problems: UcwaError[] = [];
  const core = await Core.start({
    server: { rootUrl, credentials: { grant: 'password', ...service.credentials } },
    endpointId: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
    userAgent: 'softphone-test',
    onProblem: (error) => problems.push(error),
  });
  stops.push(() => core.stop());
  const route = createCommandRouter(core, ['app://softphone']);
  return { core, service, problems, route };
}
