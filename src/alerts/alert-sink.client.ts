import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { createTransport, type Transporter } from 'nodemailer';

import type { EmailAlertSinkConfig } from '@app/core/config.types';
import { packageVersion } from '@app/core/package-version';
import type { NamedSink } from '@app/alerts/alert-policy';
import { type AlertPayload, emailOf, SIGNATURE_HEADER, signBody, slackText } from '@app/alerts/alert-payload';

// One slow sink holds up only its own alert: the deliverer sends several at once.
const TIMEOUT_MS = 10_000;

/**
 * Delivers one alert to one sink: a signed JSON POST, a Slack-compatible `{text}` POST, or an
 * e-mail through SMTP. Resolves when the receiver accepted it (2xx, or the SMTP server took the
 * message); rejects otherwise, with an error that names neither the URL nor a credential.
 */
@Injectable()
export class AlertSinkClient implements OnApplicationShutdown {
  private readonly http: AxiosInstance = axios.create({
    timeout: TIMEOUT_MS,
    maxRedirects: 0,
    headers: { 'User-Agent': `chat-bridge/${packageVersion()}` },
    validateStatus: (status) => status >= 200 && status < 300,
  });
  private readonly mailers = new Map<string, Transporter>();

  async send(sink: NamedSink, payload: AlertPayload): Promise<void> {
    switch (sink.type) {
      case 'webhook': {
        const body = JSON.stringify(payload);
        await this.post(sink.url, body, {
          [SIGNATURE_HEADER]: signBody(sink.secret, body),
          'X-Bridge-Event': payload.event,
        });
        return;
      }
      case 'slack':
        await this.post(sink.url, JSON.stringify({ text: slackText(payload) }), {});
        return;
      case 'email':
        await this.mail(sink, payload);
        return;
    }
  }

  onApplicationShutdown(): void {
    for (const mailer of this.mailers.values()) {
      mailer.close();
    }
  }

  private async post(url: string, body: string, headers: Record<string, string>): Promise<void> {
    try {
      await this.http.post(url, body, { headers: { ...headers, 'Content-Type': 'application/json' } });
    } catch (error) {
      // axios errors carry the request (the URL, which is Slack's credential, and the headers):
      // keep only what happened, and no cause that a later log line could print whole.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(describeHttpFailure(error));
    }
  }

  private async mail(sink: NamedSink & EmailAlertSinkConfig, payload: AlertPayload): Promise<void> {
    const { subject, text } = emailOf(payload);
    try {
      await this.mailer(sink).sendMail({ from: sink.from, to: sink.to, subject, text });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const response = (error as { responseCode?: unknown }).responseCode;
      // Only the code: the server's reply may quote the login; the cause would carry the transport.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(
        `SMTP ${sink.smtp.host}:${sink.smtp.port} refused or failed: ${typeof code === 'string' ? code : 'error'}${typeof response === 'number' ? ` (${response})` : ''}`,
      );
    }
  }

  private mailer(sink: NamedSink & EmailAlertSinkConfig): Transporter {
    let mailer = this.mailers.get(sink.name);
    if (mailer === undefined) {
      const { host, port, secure, username, password } = sink.smtp;
      mailer = createTransport({
        host,
        port,
        secure,
        auth: username === undefined ? undefined : { user: username, pass: password },
        connectionTimeout: TIMEOUT_MS,
        greetingTimeout: TIMEOUT_MS,
        socketTimeout: TIMEOUT_MS,
      });
      this.mailers.set(sink.name, mailer);
    }
    return mailer;
  }
}

const describeHttpFailure = (error: unknown): string => {
  if (axios.isAxiosError(error)) {
    if (error.response) {
      return `the receiver answered HTTP ${error.response.status}`;
    }
    return `no answer from the receiver: ${error.code ?? 'network error'}`;
  }
  return error instanceof Error ? error.message : String(error);
};
