import { createHmac } from 'node:crypto';

import { TencentCallbackSender } from '@app/simulator';

import { ALL, CONFIGURED, type SecretKey, labelled } from './secret-echo.fixtures';
import { SDK_APP_ID } from './secret-echo.platforms';
import type { SecretEchoBridge } from './secret-echo.bridge';

/** Every secret, labelled, as one text: carried in bodies and headers of the deliveries below. */
const all = (): string => labelled(Object.keys(ALL) as SecretKey[]);

/** LiveHelperChat: the shared secret in the header, then in the query string (both allowed), then wrong. */
export const deliverLhcWebhooks = async (bridge: SecretEchoBridge, now: number) => {
  const body = (event: string, extra: object = {}) =>
    JSON.stringify({
      event,
      user_id: bridge.platforms.lhcIds.humanUserId,
      hide_online: 1,
      invisible_mode: 0,
      ts: now,
      note: all(),
      ...extra,
    });
  return {
    signed: await bridge.webhook('lhc signed', '/webhooks/lhc', body('chat.operator_status_changed'), {
      'x-bridge-secret': CONFIGURED.lhcHook,
      'x-forwarded-note': all(),
    }),
    signedInQuery: await bridge.webhook(
      'lhc signed (query)',
      `/webhooks/lhc?secret=${CONFIGURED.lhcHook}&note=${CONFIGURED.admin}`,
      body('user.user_modified'),
    ),
    forged: await bridge.webhook(
      'lhc forged',
      `/webhooks/lhc?secret=${CONFIGURED.cwHook}`,
      body('chat.operator_status_changed', { ts: now - 1 }),
      { 'x-bridge-secret': CONFIGURED.admin },
    ),
  };
};

/** Chatwoot: HMAC over `<timestamp>.<body>`; X-Chatwoot-Delivery is not covered by it. */
export const deliverChatwootWebhooks = async (bridge: SecretEchoBridge, now: number) => {
  const body = JSON.stringify({
    event: 'message_created',
    id: 9001,
    message_type: 'incoming',
    content: all(),
    created_at: now,
    account: { id: 1 },
    sender: { name: all() },
    conversation: {
      id: bridge.platforms.reopen.conversationId,
      inbox_id: bridge.platforms.reopen.inboxId,
      status: 'open',
    },
  });
  const sign = (secret: string) =>
    `sha256=${createHmac('sha256', secret).update(`${now}.${body}`).digest('hex')}`;
  return {
    signed: await bridge.webhook('chatwoot signed', '/webhooks/chatwoot', body, {
      'x-chatwoot-timestamp': String(now),
      'x-chatwoot-signature': sign(CONFIGURED.cwHook),
      'x-chatwoot-delivery': CONFIGURED.admin,
    }),
    forged: await bridge.webhook('chatwoot forged', '/webhooks/chatwoot', body, {
      'x-chatwoot-timestamp': String(now),
      'x-chatwoot-signature': sign(CONFIGURED.admin),
      'x-chatwoot-delivery': CONFIGURED.cwHook,
      'x-extra': all(),
    }),
  };
};

/** Tencent: Sign = sha256(token + RequestTime) in the query; ids in the body are the platform's. */
export const deliverTencentCallbacks = async (bridge: SecretEchoBridge) => {
  const url = `${bridge.daemon.url}/webhooks/tencent`;
  const callbacks = new TencentCallbackSender({ url, sdkAppId: SDK_APP_ID, token: CONFIGURED.tcCallback });
  const signed = [
    await callbacks.stateChange({
      userId: 'op_john',
      action: 'Login',
      reason: all(),
      eventTimeMs: Date.now(),
    }),
    await callbacks.stateChange({ userId: CONFIGURED.tcKey, action: 'Logout', eventTimeMs: Date.now() }),
    await callbacks.sessionEvent({
      sessionId: 'session-1',
      event: 'SessionStart',
      clientUserId: CONFIGURED.tcCallback,
      requestId: CONFIGURED.lhcKey,
    }),
    await callbacks.assignAgent({ sessionId: CONFIGURED.evoKey, clientUserId: CONFIGURED.chCompany }),
  ];
  signed.forEach((reply, i) =>
    bridge.readable.push({
      where: `webhook tencent signed #${i} answer (HTTP ${reply.status})`,
      text: reply.body.toString(),
    }),
  );
  const forger = new TencentCallbackSender({ url, sdkAppId: SDK_APP_ID, token: CONFIGURED.cwToken });
  const forged = await forger.send({
    command: 'State.StateChange',
    body: JSON.stringify({
      CallbackCommand: 'State.StateChange',
      EventTime: Date.now(),
      Info: { Action: 'Login', To_Account: CONFIGURED.admin, Reason: all() },
    }),
    query: { Sign: CONFIGURED.tcCallback },
  });
  bridge.readable.push({
    where: `webhook tencent forged answer (HTTP ${forged.status})`,
    text: forged.body.toString(),
  });
  return { signed: signed.map((reply) => reply.status), forged: forged.status };
};
