import { Injectable } from '@nestjs/common';

import type { Availability } from '@app/core/operator.types';
import { AvailabilityEchoRepository } from '@app/database/repositories/availability-echo.repository';

const TTL_MS = 60_000;

/**
 * chat-bridge's own recent availability writes. When the platform reports them back (webhook or
 * poll) they are echoes, not news, and must not travel on to the other platforms. Every recent
 * write is kept, not just the last: a late echo of an older write is still an echo. They live in
 * the database, so the replica that drains the echo need not be the one that wrote; an observation
 * uses one up in its own transaction (AvailabilityObservationRepository).
 */
@Injectable()
export class EchoRegistry {
  constructor(private readonly echoes: AvailabilityEchoRepository) {}

  async remember(
    connectorId: string,
    remoteId: string,
    availability: Availability,
    now = new Date(),
  ): Promise<void> {
    await this.echoes.remember(
      { connectorId, remoteId, availability, expiresAt: new Date(now.getTime() + TTL_MS) },
      now,
    );
  }
}
