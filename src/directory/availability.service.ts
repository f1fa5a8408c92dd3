import { Injectable, Logger } from '@nestjs/common';

import { BridgeConfigService } from '@app/config/bridge-config.service';
import { AvailabilityObservationRepository } from '@app/database/repositories/availability-observation.repository';
import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { DirectorySnapshot, type OperatorState } from '@app/directory/directory-snapshot.service';
import { EchoRegistry } from '@app/directory/echo-registry';
import type { Availability } from '@app/core/operator.types';
import { AdapterRegistry } from '@app/platforms/adapter-registry';
import type { AvailabilityWriteFacet } from '@app/platforms/chat-platform.adapter';
import { RunRecorder, type RunResult, recordWrite } from '@app/runs/run-recorder.service';

export interface AvailabilityObservation {
  connectorId: string;
  remoteId: string;
  availability: Availability;
  occurredAt: Date;
  /** Decided by the platform, not the person (auto-offline): recorded, never propagated. */
  weak?: boolean;
  /**
   * A poll reads a state, it does not see it change: only a value that differs from what this
   * platform last showed is news. Without this, a poll would outrank a newer webhook from
   * another platform just by being read later.
   */
  polled?: boolean;
}

export type ObservationOutcome = 'applied' | 'stale' | 'echo' | 'weak' | 'unchanged' | 'unknown-operator';

/**
 * Merges availability seen on every platform: the latest observation wins by its own timestamp,
 * echoes of our own writes are ignored, and `availability.propagate` decides what travels on.
 */
@Injectable()
export class AvailabilityService {
  private readonly logger = new Logger(AvailabilityService.name);

  constructor(
    private readonly adapters: AdapterRegistry,
    private readonly config: BridgeConfigService,
    private readonly echoes: EchoRegistry,
    private readonly links: OperatorLinkRepository,
    private readonly observations: AvailabilityObservationRepository,
    private readonly recorder: RunRecorder,
    private readonly snapshot: DirectorySnapshot,
  ) {}

  /**
   * Every decision is the database's (the link's last value, the shared echoes, the conditional
   * "newer wins" update), so replicas draining events of one operator side by side agree. The
   * in-memory directory only finds the operator, skips unchanged poll readings and preselects pushes.
   */
  async observe(observation: AvailabilityObservation): Promise<ObservationOutcome> {
    const { connectorId, remoteId, availability } = observation;
    const operator = await this.snapshot.resolveRemote(connectorId, remoteId);
    if (!operator) {
      return 'unknown-operator';
    }
    if (observation.polled && operator.links.get(connectorId)?.remoteAvailability === availability) {
      return 'unchanged';
    }
    const at = observation.occurredAt;
    // One transaction: the link's value, the echo used up, the "newer wins" merge.
    const written = await this.observations.record({
      operatorKey: operator.key,
      connectorId,
      remoteId,
      availability,
      at,
      weak: observation.weak === true,
    });
    this.snapshot.setRemoteAvailability(operator.key, connectorId, availability);
    if (written.echo) {
      return 'echo';
    }
    if (observation.weak) {
      return 'weak';
    }
    const changed = written.stored;
    if (changed) {
      this.snapshot.setAvailability(operator.key, availability, at.getTime());
    }
    // Propagation runs even for a stale observation: it converges every platform on the merged
    // state, so a retry after a failed push finishes the job. Each push is decided again from the
    // database under the target's lock (pushUnderLock).
    await this.propagate(operator);
    return changed ? 'applied' : 'stale';
  }

  /**
   * Pushes the operator's merged availability to every platform that differs and can take it. Each
   * push is a run of kind `availability` on the target connector: under its lock, respecting its
   * back-off, audited as a change.
   */
  async propagate(viewed: OperatorState): Promise<void> {
    // With replicas, the view may not have heard yet of a push another replica just made, and
    // would skip a platform it believes already in step: read the operator again first.
    const operator = this.snapshot.shared ? ((await this.snapshot.reload(viewed.key)) ?? viewed) : viewed;
    const availability = operator.availability;
    if (!availability || !this.shouldPropagate(availability)) {
      return;
    }
    const failures: string[] = [];
    for (const [connectorId, link] of [...operator.links]) {
      const writer = this.adapters.get(connectorId)?.availabilityWrite;
      if (!writer) {
        continue;
      }
      if (link.remoteAvailability === availability || !this.config.connector(connectorId).enabled) {
        continue;
      }
      try {
        const run = await this.recorder.record({ connectorId, kind: 'availability', trigger: 'event' }, () =>
          this.pushUnderLock(connectorId, writer, operator.key),
        );
        if (run.outcome !== 'ok') {
          failures.push(`${connectorId}: ${run.changes[0]?.error ?? run.error ?? run.outcome}`);
        }
      } catch (error) {
        failures.push(`${connectorId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0) {
      throw new Error(`availability of ${operator.key} not pushed to ${failures.join('; ')}`);
    }
  }

  /**
   * Decided again once the connector's lock is held, from the database: while this replica waited
   * for the lock, another one may have pushed, or the merged availability may have moved on (a
   * push decided before the wait could then overwrite a newer one). Nothing left to write is an
   * availability run without changes.
   */
  private async pushUnderLock(
    connectorId: string,
    writer: AvailabilityWriteFacet,
    key: string,
  ): Promise<RunResult> {
    const operator = await this.snapshot.reload(key);
    const link = operator?.links.get(connectorId);
    const availability = operator?.availability;
    const due =
      availability && this.shouldPropagate(availability) && link?.remoteAvailability !== availability;
    if (!operator || !link || !availability || !due) {
      return { changes: [] };
    }
    const change = { operatorKey: key, action: 'update' as const, field: 'availability' };
    return {
      changes: [
        await recordWrite({ ...change, before: link.remoteAvailability ?? null, after: availability }, () =>
          this.push(connectorId, writer, operator, link.remoteId, availability),
        ),
      ],
    };
  }

  private async push(
    connectorId: string,
    writer: AvailabilityWriteFacet,
    operator: OperatorState,
    remoteId: string,
    availability: Availability,
  ): Promise<void> {
    // Remembered before the write: its echo may arrive before the write's answer does.
    await this.echoes.remember(connectorId, remoteId, availability);
    await writer.write({
      remoteId,
      availability,
      operator: {
        key: operator.key,
        name: operator.name,
        email: operator.email,
        role: operator.role,
        status: operator.status,
      },
    });
    await this.links.setRemoteAvailability(connectorId, remoteId, availability);
    this.snapshot.setRemoteAvailability(operator.key, connectorId, availability);
    this.logger.log(`${operator.key}: availability ${availability} pushed to ${connectorId}`);
  }

  private shouldPropagate(availability: Availability): boolean {
    switch (this.config.availability.propagate) {
      case 'none':
        return false;
      case 'all':
        return true;
      case 'unavailable':
        return availability !== 'online';
    }
  }
}
