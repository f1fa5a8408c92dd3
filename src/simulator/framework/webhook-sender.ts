import { Agent } from 'node:http';

import axios from 'axios';

export interface WebhookDelivery {
  url: string;
  /** Sent byte for byte: the caller signs exactly these bytes. */
  body: string | Buffer;
  /** Signature headers and the like; `content-type` defaults to application/json. */
  headers?: Record<string, string>;
  method?: 'POST' | 'PUT';
  timeoutMs?: number;
}

export interface WebhookResult {
  status: number;
  body: string;
  headers: Record<string, string>;
  durationMs: number;
}

export interface WebhookRecord {
  url: string;
  at: string;
  status?: number;
  error?: string;
}

/**
 * Sends one webhook delivery and reports what the receiver answered. It never retries:
 * retry policy is platform behaviour (Chatwoot tries once), so simulators decide.
 */
export class WebhookSender {
  private readonly sent: WebhookRecord[] = [];
  // No keep-alive: a pooled socket to the daemon would outlive the test that opened it.
  private readonly agent = new Agent({ keepAlive: false });

  constructor(private readonly defaultTimeoutMs = 5000) {}

  async send(delivery: WebhookDelivery): Promise<WebhookResult> {
    const startedAt = Date.now();
    const record: WebhookRecord = { url: delivery.url, at: new Date(startedAt).toISOString() };
    this.sent.push(record);
    try {
      const response = await axios.request<string>({
        url: delivery.url,
        method: delivery.method ?? 'POST',
        data: delivery.body,
        headers: { 'content-type': 'application/json', ...delivery.headers },
        timeout: delivery.timeoutMs ?? this.defaultTimeoutMs,
        httpAgent: this.agent,
        maxRedirects: 0,
        responseType: 'text',
        // Identity transforms: the body must go out exactly as signed, and come back as text.
        transformRequest: [(data: unknown) => data],
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
      });
      record.status = response.status;
      return {
        status: response.status,
        body: response.data ?? '',
        headers: Object.fromEntries(
          Object.entries(response.headers).map(([name, value]) => [name, String(value)]),
        ),
        durationMs: Date.now() - startedAt,
      };
    } catch (error) {
      record.error = (error as Error).message;
      throw error;
    }
  }

  /** Every delivery attempted so far, oldest first. */
  history(): WebhookRecord[] {
    return structuredClone(this.sent);
  }
}
