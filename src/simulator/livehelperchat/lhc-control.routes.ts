import type { ControlHandler } from '@app/simulator/framework/control-routes';
import { emptyResponse, jsonResponse } from '@app/simulator/framework/sim-response';
import type { HttpMethod } from '@app/simulator/framework/simulator.types';
import type { LiveHelperChatSimulator } from '@app/simulator/livehelperchat/livehelperchat.simulator';
import type { LhcSeed, LhcWebhookTarget } from '@app/simulator/livehelperchat/lhc.types';

type Register = (method: HttpMethod, path: string, handler: ControlHandler) => void;

const numberField = (body: unknown, field: string): number => {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'number') {
    throw new Error(`body.${field} must be a number`);
  }
  return value;
};

/** `/__simulator/*` for a simulator in another process (the demo, e2e tests). */
export function registerLhcControlRoutes(sim: LiveHelperChatSimulator, register: Register): void {
  register('POST', '/seed', ({ body }) => {
    sim.seed(body as LhcSeed);
    return emptyResponse(204);
  });
  register('POST', '/reset', () => {
    sim.reset();
    return emptyResponse(204);
  });
  register('GET', '/users', () => jsonResponse(sim.users()));
  register('GET', '/department-rows', ({ query }) =>
    jsonResponse(sim.departmentRows(typeof query.userId === 'string' ? Number(query.userId) : undefined)),
  );
  register('GET', '/chat', ({ query }) => jsonResponse(sim.chat(Number(query.id)) ?? null));
  register('POST', '/chats', ({ body }) =>
    jsonResponse({ id: sim.startChat(numberField(body, 'depId')) }, 201),
  );
  register('POST', '/auto-assign', async ({ body }) =>
    jsonResponse(await sim.autoAssign(numberField(body, 'chatId'))),
  );
  register('POST', '/workflow', async () => jsonResponse(await sim.runWorkflow()));
  register('GET', '/messages', ({ query }) => jsonResponse(sim.messages(Number(query.chatId))));
  register('POST', '/activity', ({ body }) => {
    sim.touch(numberField(body, 'userId'));
    return emptyResponse(204);
  });
  register('PUT', '/webhooks', ({ body }) => {
    sim.configureWebhooks((body ?? undefined) as LhcWebhookTarget | undefined);
    return emptyResponse(204);
  });
  register('GET', '/webhooks', () => jsonResponse(sim.webhookDeliveries()));
}
