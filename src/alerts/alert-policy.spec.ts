import type { AlertSinkConfig } from '@app/core/config.types';
import { admission, isDuplicate, nameSinks } from '@app/alerts/alert-policy';

const recent = (...events: string[]) => events.map((event) => ({ event }));

describe(isDuplicate.name, () => {
  it('should call an event a duplicate when it was raised within the window and nothing changed since', () => {
    expect(isDuplicate('run.blocked', recent('changes.failed', 'run.blocked'))).toBe(true);
    expect(isDuplicate('connector.degraded', recent('connector.degraded'))).toBe(true);
  });

  it('should let an event through when it was not raised within the window', () => {
    expect(isDuplicate('run.blocked', [])).toBe(false);
    expect(isDuplicate('run.blocked', recent('event.dead', 'changes.failed'))).toBe(false);
  });

  it('should reset every event about the connector when a recovery came after it', () => {
    for (const event of [
      'connector.degraded',
      'connector.bad_credentials',
      'run.blocked',
      'event.dead',
    ] as const) {
      expect(isDuplicate(event, recent('connector.recovered', event))).toBe(false);
    }
  });

  it('should send a recovery again when the connector went bad after the previous recovery', () => {
    expect(isDuplicate('connector.recovered', recent('connector.degraded', 'connector.recovered'))).toBe(
      false,
    );
    expect(isDuplicate('connector.recovered', recent('run.blocked', 'connector.recovered'))).toBe(true);
  });

  it('should send degraded again when the connector had bad credentials in between', () => {
    expect(isDuplicate('connector.degraded', recent('connector.bad_credentials', 'connector.degraded'))).toBe(
      false,
    );
  });
});

describe(admission.name, () => {
  it('should drop a duplicate before counting it against the hourly budget', () => {
    expect(admission('run.blocked', 1)(recent('run.blocked'), 5)).toBe('duplicate');
  });

  it('should rate-limit when the sink already had its hourly budget', () => {
    expect(admission('run.blocked', 3)([], 3)).toBe('rate_limited');
    expect(admission('run.blocked', 3)([], 2)).toBe('store');
  });
});

describe(nameSinks.name, () => {
  const sink = (type: AlertSinkConfig['type']) => ({ type }) as AlertSinkConfig;

  it('should name a sink by its type, numbering a type configured twice in file order', () => {
    expect(
      nameSinks([sink('webhook'), sink('slack'), sink('webhook'), sink('email')]).map((s) => s.name),
    ).toEqual(['webhook-1', 'slack', 'webhook-2', 'email']);
  });
});
