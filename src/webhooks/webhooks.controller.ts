import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';

import { WebhookIngestService } from '@app/webhooks/webhook-ingest.service';

const firstValue = (value: unknown): string | undefined =>
  Array.isArray(value) ? firstValue(value[0]) : typeof value === 'string' ? value : undefined;

/** Platforms post here; the connector's adapter decides whether to believe them. */
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly ingest: WebhookIngestService) {}

  @Post(':connectorId')
  async receive(
    @Param('connectorId') connectorId: string,
    @Req() req: Request & { rawBody?: Buffer },
    @Res() res: Response,
  ): Promise<void> {
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      headers[name.toLowerCase()] = firstValue(value);
    }
    const query: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.query)) {
      query[name] = firstValue(value);
    }
    const rawBody = req.rawBody ?? (Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    const reply = await this.ingest.receive(connectorId, { headers, query, rawBody, receivedAt: new Date() });
    res.status(reply.status).json(reply.body);
  }
}
