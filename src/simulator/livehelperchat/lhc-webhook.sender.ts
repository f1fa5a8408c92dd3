import {
  LHC_WEBHOOK_EVENTS,
  LHC_WEBHOOK_TEMPLATES,
  type LhcWebhookEvent,
} from '@app/platforms/livehelperchat/livehelperchat-webhook.templates';
import { WebhookSender, type WebhookResult } from '@app/simulator/framework/webhook-sender';
import type { LhcEvent, LhcWebhookTarget } from '@app/simulator/livehelperchat/lhc.types';

type Json = Record<string, unknown>;

const walk = (value: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (node, key) => (typeof node === 'object' && node !== null ? (node as Json)[key] : undefined),
      value,
    );

/**
 * Renders a body the way LHC's Rest API action does in a raw body: `{{args.<path>}}` becomes
 * the JSON-encoded value (strings quoted), `{{timestamp}}` the Unix time.
 */
export const renderLhcTemplate = (template: string, args: Json, timestampSeconds: number): string =>
  template
    .replace(/\{\{args\.([\w.]+)\}\}/g, (_match, path: string) => JSON.stringify(walk(args, path) ?? null))
    .replace(/\{\{timestamp\}\}/g, String(timestampSeconds));

export interface LhcWebhookSenderOptions extends LhcWebhookTarget {
  /** Clock in ms for `{{timestamp}}`. */
  now?: () => number;
  sender?: WebhookSender;
  /** Where deliveries are recorded (shared when the simulator reconfigures its webhooks). */
  history?: LhcWebhookDelivery[];
}

/** One attempted delivery: the event, the exact body, and what the receiver answered. */
export interface LhcWebhookDelivery {
  event: string;
  body: string;
  at: string;
  status?: number;
  error?: string;
}

/**
 * Posts the bodies of docs/livehelperchat.md as LHC's bot "Rest API" action does, with
 * the shared secret in `X-Bridge-Secret` or `?secret=` (LHC signs nothing). No retries: a
 * failed LHC webhook is simply lost.
 */
export class LhcWebhookSender {
  private readonly sender: WebhookSender;
  private readonly deliveries: LhcWebhookDelivery[];

  constructor(private readonly options: LhcWebhookSenderOptions) {
    this.sender = options.sender ?? new WebhookSender();
    this.deliveries = options.history ?? [];
  }

  /** Every delivery attempted, oldest first. */
  history(): LhcWebhookDelivery[] {
    return structuredClone(this.deliveries);
  }

  /** The operator's online/offline toggle; `reason` user_action (UI), restapi_action or rest_api (REST). */
  operatorStatusChanged(params: OperatorStatusParams): Promise<WebhookResult> {
    return this.operator('chat.operator_status_changed', params);
  }

  operatorVisibilityChanged(params: OperatorStatusParams): Promise<WebhookResult> {
    return this.operator('chat.operator_visibility_changed', params);
  }

  /** REST create and update both send user_created (sic); the back office sends user_modified on edit. */
  userChanged(params: { event?: 'user.user_created' | 'user.user_modified'; userId: number; ts?: number }) {
    return this.event(params.event ?? 'user.user_created', { userData: { id: params.userId } }, params.ts);
  }

  autoAssigned(params: { chatId: number; userId: number; depId: number; tslasign: number; ts?: number }) {
    const chat = {
      id: params.chatId,
      user_id: params.userId,
      dep_id: params.depId,
      tslasign: params.tslasign,
    };
    return this.event('chat.data_changed_auto_assign', { chat }, params.ts);
  }

  /** A simulator event, rendered with the template of its event name. */
  dispatch(event: LhcEvent): Promise<WebhookResult> {
    const { name, ...args } = event;
    return this.event(name, args);
  }

  /** Any raw body (a template of one's own, a malformed one), with the secret attached. */
  async send(body: string, event = 'raw'): Promise<WebhookResult> {
    const { url, secret, secretIn } = this.options;
    const record: LhcWebhookDelivery = { event, body, at: new Date(this.now()).toISOString() };
    this.deliveries.push(record);
    try {
      const result =
        secret !== undefined && secretIn === 'query'
          ? await this.sender.send({ url: withQuery(url, 'secret', secret), body })
          : await this.sender.send({
              url,
              body,
              headers: secret === undefined ? {} : { 'X-Bridge-Secret': secret },
            });
      record.status = result.status;
      return result;
    } catch (error) {
      record.error = (error as Error).message;
      throw error;
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private operator(name: LhcWebhookEvent, params: OperatorStatusParams): Promise<WebhookResult> {
    const user = {
      id: params.userId,
      hide_online: params.hideOnline,
      invisible_mode: params.invisibleMode ?? 0,
    };
    return this.event(name, { user, reason: params.reason ?? 'user_action' }, params.ts);
  }

  private event(name: LhcWebhookEvent, args: Json, ts?: number): Promise<WebhookResult> {
    const seconds = ts ?? Math.floor(this.now() / 1000);
    const template = LHC_WEBHOOK_TEMPLATES[LHC_WEBHOOK_EVENTS[name]];
    return this.send(renderLhcTemplate(template, { ...args, lhc_event: name }, seconds), name);
  }
}

const withQuery = (url: string, name: string, value: string): string =>
  `${url}${url.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(value)}`;

export interface OperatorStatusParams {
  userId: number;
  hideOnline: 0 | 1;
  invisibleMode?: 0 | 1;
  reason?: string;
  ts?: number;
}
