import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import request from 'supertest';

import { webhookRequestLog } from '@app/common/webhook-request-log';
import { waitFor } from '@app/simulator/framework/testing/wait-for';

/** An app with the webhook request line in front of a route answering `?status=`, and its log. */
const appLogging = (level: 'debug' | 'info') => {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino(
    {
      level,
      formatters: { level: (label: string) => ({ level: label }) },
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    sink,
  );
  const redactor = { redact: (text: string) => text.replace('hunter2', '[REDACTED]') };
  const app = express();
  app.use(
    '/webhooks',
    webhookRequestLog(redactor, () => logger),
  );
  app.post('/webhooks/:id', (req, res) => {
    res.status(Number(req.query.status ?? 200)).json({});
  });
  // The line is written when the response has been handed to the socket, which the client may see first.
  const linesWritten = async (n: number) => {
    await waitFor(() => lines.length >= n, 10_000);
    return lines;
  };
  return { app, lines, linesWritten };
};

describe('webhookRequestLog', () => {
  it('should write a warn line with method, path and status when a delivery is refused', async () => {
    const { app, linesWritten } = appLogging('info');

    await request(app).post('/webhooks/lhc?status=401&secret=x').send('{}').expect(401);

    expect(await linesWritten(1)).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'POST /webhooks/lhc 401',
        req: { method: 'POST', url: '/webhooks/lhc' },
        res: { statusCode: 401 },
        responseTime: expect.any(Number),
      }),
    ]);
  });

  it('should write an error line when the daemon failed the delivery', async () => {
    const { app, linesWritten } = appLogging('info');

    await request(app).post('/webhooks/lhc?status=503').send('{}').expect(503);

    expect((await linesWritten(1)).map((l) => [l.level, l.msg])).toEqual([
      ['error', 'POST /webhooks/lhc 503'],
    ]);
  });

  it('should write nothing for an accepted delivery at info, and a debug line at debug', async () => {
    const quiet = appLogging('info');
    const verbose = appLogging('debug');

    await request(quiet.app).post('/webhooks/lhc').send('{}').expect(200);
    await request(verbose.app).post('/webhooks/lhc').send('{}').expect(200);
    // A refused delivery after the accepted one: once its line is there, so would the first one's be.
    await request(quiet.app).post('/webhooks/lhc?status=400').send('{}').expect(400);

    expect((await quiet.linesWritten(1)).map((l) => l.msg)).toEqual(['POST /webhooks/lhc 400']);
    expect((await verbose.linesWritten(1)).map((l) => [l.level, l.msg])).toEqual([
      ['debug', 'POST /webhooks/lhc 200'],
    ]);
  });

  it('should cut a secret out of the path in the message', async () => {
    const { app, linesWritten } = appLogging('info');

    await request(app).post('/webhooks/hunter2?status=404').send('{}').expect(404);

    expect((await linesWritten(1)).map((l) => l.msg)).toEqual(['POST /webhooks/[REDACTED] 404']);
  });
});
