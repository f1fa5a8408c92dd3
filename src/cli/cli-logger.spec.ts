import { Writable } from 'node:stream';

import { CliLogger, redactCliLogs } from '@app/cli/cli-logger';

const collect = () => {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: new CliLogger(stream) };
};

describe(CliLogger.name, () => {
  afterEach(() => redactCliLogs({ redact: (text) => text }));

  it('should write a warning as the daemon does: JSON, string level, context and msg', () => {
    const { lines, logger } = collect();

    logger.warn('GET /api/v1/profile failed (network), retry 1', 'http:chatwoot');

    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        context: 'http:chatwoot',
        msg: 'GET /api/v1/profile failed (network), retry 1',
      }),
    ]);
  });

  it('should keep the fields of an object message, as run summaries are logged', () => {
    const { lines, logger } = collect();

    logger.error({ connectorId: 'lhc', runId: 3, outcome: 'failed', msg: 'lhc: run failed' }, 'RunRecorder');

    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        context: 'RunRecorder',
        connectorId: 'lhc',
        runId: 3,
        outcome: 'failed',
        msg: 'lhc: run failed',
      }),
    ]);
  });

  it('should leave out what is below warn unless LOG_LEVEL asks for it', () => {
    const { lines, logger } = collect();

    logger.log('roster loaded: 6 operators', 'DirectoryService');
    logger.debug('GET /restapi/getusers → 200', 'http:lhc');

    expect(lines).toEqual([]);
  });

  it('should cut the configuration secrets out once it is read', () => {
    const { lines, logger } = collect();
    redactCliLogs({ redact: (text) => text.replaceAll('s3cret-token', '[REDACTED]') });

    logger.warn('POST /api/operator refused: bad token s3cret-token', 'http:chathub');

    expect(lines.map((line) => line.msg)).toEqual(['POST /api/operator refused: bad token [REDACTED]']);
  });
});
