import { createHmac } from 'node:crypto';

import type { AlertEntity } from '@app/database/entities/alert.entity';
import { emailOf, signBody, slackText, toPayload, verifySignature } from '@app/alerts/alert-payload';

const row = {
  id: 7,
  sink: 'webhook',
  event: 'connector.degraded',
  connectorId: 'lhc',
  message: 'lhc is degraded: TEMPORARY: HTTP 500',
  details: '{"health":"degraded","previousHealth":"healthy"}',
  createdAt: new Date('2026-03-01T10:00:00.000Z'),
} as AlertEntity;

describe(toPayload.name, () => {
  it('should carry event, connectorId, ISO time, message and parsed details when built from a row', () => {
    expect(toPayload(row)).toEqual({
      id: 7,
      event: 'connector.degraded',
      connectorId: 'lhc',
      at: '2026-03-01T10:00:00.000Z',
      message: 'lhc is degraded: TEMPORARY: HTTP 500',
      details: { health: 'degraded', previousHealth: 'healthy' },
    });
  });
});

describe(signBody.name, () => {
  it('should be the hex HMAC-SHA256 of the raw body under the secret, prefixed sha256=', () => {
    const body = JSON.stringify(toPayload(row));
    const expected = createHmac('sha256', 'k3y').update(body).digest('hex');

    expect(signBody('k3y', body)).toBe(`sha256=${expected}`);
  });

  it('should verify only the same body under the same secret', () => {
    const body = JSON.stringify(toPayload(row));
    const header = signBody('k3y', body);

    expect(verifySignature('k3y', body, header)).toBe(true);
    expect(verifySignature('other', body, header)).toBe(false);
    expect(verifySignature('k3y', `${body} `, header)).toBe(false);
    expect(verifySignature('k3y', body, undefined)).toBe(false);
  });
});

describe('chat and e-mail texts', () => {
  it('should name the event, the connector and the message in one Slack line', () => {
    expect(slackText(toPayload(row))).toBe(
      '[chat-bridge] connector.degraded · lhc: lhc is degraded: TEMPORARY: HTTP 500',
    );
  });

  it('should put event and connector in the subject and the details in the body of an e-mail', () => {
    const mail = emailOf(toPayload(row));

    expect(mail.subject).toBe('[chat-bridge] connector.degraded: lhc');
    expect(mail.text).toContain('lhc is degraded: TEMPORARY: HTTP 500');
    expect(mail.text).toContain('"previousHealth": "healthy"');
  });
});
