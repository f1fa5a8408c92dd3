import { randomUUID } from 'node:crypto';

import { computeCallbackSign } from '@app/platforms/tencent-chat/tencent-callback-sign';
import { WebhookSender, type WebhookResult } from '@app/simulator/framework/webhook-sender';

export interface TencentCallbackSenderOptions {
  /** The receiver's callback URL (the daemon's `/webhooks/:connectorId`). */
  url: string;
  sdkAppId: number;
  /** The console's callback token; without one, Sign and RequestTime are left out. */
  token?: string;
  /** Clock for RequestTime, in ms. */
  now?: () => number;
  clientIp?: string;
  /** One of RESTAPI, Web, Android, iOS, Windows, macOS, iPad, Unknown. Default RESTAPI. */
  optPlatform?: string;
  sender?: WebhookSender;
}

export interface StateChangeParams {
  userId: string;
  action: 'Login' | 'Logout' | 'Disconnect';
  /** Default: Register for Login, Unregister for Logout, LinkClose for Disconnect. */
  reason?: string;
  eventTimeMs?: number;
  kickedDevices?: string[];
}

export interface AssignAgentParams {
  sessionId: string;
  clientUserId?: string;
  /** The docs disagree on the name; default ChatBot.OnAssignAgent. */
  command?: 'ChatBot.OnAssignAgent' | 'ChatBot.OnAssignHuman';
  customerServiceId?: string;
  eventTimeMs?: number;
}

export interface SessionEventParams {
  sessionId: string;
  event: string;
  agentId?: string;
  clientUserId?: string;
  eventTimeMs?: number;
  /** Repeated on a retried delivery (cloud.tencent.com 269/111212); a new UUID by default. */
  requestId?: string;
  channelType?: string;
}

export interface RawCallback {
  command: string;
  body: string;
  /** Extra or replacing query parameters (a forged Sign, a RequestID…). */
  query?: Record<string, string>;
}

const REASON_BY_ACTION = { Login: 'Register', Logout: 'Unregister', Disconnect: 'LinkClose' } as const;

/** Sends Tencent Chat callbacks the way Chat does: the query string of, signed. */
export class TencentCallbackSender {
  private readonly sender: WebhookSender;

  constructor(private readonly options: TencentCallbackSenderOptions) {
    this.sender = options.sender ?? new WebhookSender();
  }

  stateChange(params: StateChangeParams): Promise<WebhookResult> {
    const body = {
      CallbackCommand: 'State.StateChange',
      EventTime: params.eventTimeMs ?? this.now(),
      Info: {
        Action: params.action,
        To_Account: params.userId,
        Reason: params.reason ?? REASON_BY_ACTION[params.action],
      },
      ...(params.kickedDevices
        ? { KickedDevice: params.kickedDevices.map((Platform) => ({ Platform })) }
        : {}),
    };
    return this.send({ command: body.CallbackCommand, body: JSON.stringify(body) });
  }

  assignAgent(params: AssignAgentParams): Promise<WebhookResult> {
    const command = params.command ?? 'ChatBot.OnAssignAgent';
    const body = {
      CallbackCommand: command,
      SessionId: params.sessionId,
      ClientUserId: params.clientUserId,
      ...(params.customerServiceId ? { CustomerServiceId: params.customerServiceId } : {}),
      EventTime: params.eventTimeMs ?? this.now(),
    };
    return this.send({ command, body: JSON.stringify(body) });
  }

  sessionEvent(params: SessionEventParams): Promise<WebhookResult> {
    const body = {
      CallbackCommand: 'Desk.SessionEventNotify',
      SessionId: params.sessionId,
      Event: params.event,
      EventTime: params.eventTimeMs ?? this.now(),
      ChannelType: params.channelType ?? 'SDK',
      ClientUserId: params.clientUserId,
      AgentId: params.agentId,
    };
    const query = { RequestID: params.requestId ?? randomUUID() };
    return this.send({ command: body.CallbackCommand, body: JSON.stringify(body), query });
  }

  /** Any callback, signed as Chat signs them; `query` entries override the computed ones. */
  send({ command, body, query = {} }: RawCallback): Promise<WebhookResult> {
    const { sdkAppId, token, clientIp, optPlatform } = this.options;
    const params = new URLSearchParams({
      SdkAppid: String(sdkAppId),
      CallbackCommand: command,
      contenttype: 'json',
      ClientIP: clientIp ?? '127.0.0.1',
      OptPlatform: optPlatform ?? 'RESTAPI',
    });
    if (token !== undefined) {
      const requestTime = String(Math.floor(this.now() / 1000));
      params.set('Sign', computeCallbackSign(token, requestTime));
      params.set('RequestTime', requestTime);
    }
    Object.entries(query).forEach(([name, value]) => params.set(name, value));
    const separator = this.options.url.includes('?') ? '&' : '?';
    return this.sender.send({ url: `${this.options.url}${separator}${params.toString()}`, body });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
