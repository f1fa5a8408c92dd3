import type { CanonicalEvent } from '@app/platforms/webhook.types';
import { WebhookBodyError } from '@app/platforms/webhook.types';
import { assertStorable, MAX_STORED_TEXT } from '@app/webhooks/storable-event';

const availability = (overrides: Partial<Extract<CanonicalEvent, { kind: 'availability' }>> = {}) =>
  ({
    kind: 'availability',
    dedupeKey: 'state:op_ann:Login:1',
    occurredAt: '2026-12-02T10:00:00.000Z',
    remoteId: 'op_ann',
    availability: 'online',
    ...overrides,
  }) as CanonicalEvent;

describe(assertStorable.name, () => {
  it('should accept an event whose texts are bounded and printable', () => {
    expect(() => assertStorable([availability({ remoteId: 'é'.repeat(MAX_STORED_TEXT) })])).not.toThrow();
  });

  it('should refuse a text one character longer than the column, naming the field', () => {
    expect(() => assertStorable([availability({ dedupeKey: 'k'.repeat(MAX_STORED_TEXT + 1) })])).toThrow(
      new WebhookBodyError('availability.dedupeKey is longer than 255 characters'),
    );
  });

  it.each(['\u0000', '\u001b[31m', '\u007f', 'line\nbreak'])(
    'should refuse a control character (%j)',
    (text) => {
      expect(() => assertStorable([availability({ remoteId: `op${text}` })])).toThrow(
        new WebhookBodyError('availability.remoteId contains a control character'),
      );
    },
  );

  it('should check every item of a list and an assignment request', () => {
    const answered = {
      kind: 'assignment-answered',
      dedupeKey: 'a',
      occurredAt: '2026-12-02T10:00:00.000Z',
      agentIds: ['ok', 'x'.repeat(300)],
    } as CanonicalEvent;
    expect(() => assertStorable([answered])).toThrow('assignment-answered.agentIds[1] is longer');
    expect(() =>
      assertStorable([], { dedupeKey: 'a', command: 'c', sessionId: 's\u0000', occurredAt: '2026-12-02' }),
    ).toThrow('assignment.sessionId contains a control character');
  });
});
