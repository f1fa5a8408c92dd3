import { Column, Entity, PrimaryColumn } from 'typeorm';

import { isoDateTransformer } from '@app/database/transformers/iso-date.transformer';

/** SQLite's connector lock: one row per held connector, valid until `expiresAt` unless renewed. */
@Entity({ name: 'connector_leases' })
export class ConnectorLeaseEntity {
  @PrimaryColumn({ name: 'connector_id', type: 'varchar', length: 128 })
  connectorId!: string;

  /** Random per acquisition: only the acquirer may renew or release it. */
  @Column({ name: 'token', type: 'varchar', length: 64 })
  token!: string;

  /** Who holds it, for humans: `sync (CLI) pid 4242 on host-a`. */
  @Column({ name: 'holder', type: 'varchar', length: 255 })
  holder!: string;

  @Column({ name: 'acquired_at', type: 'varchar', length: 32, transformer: isoDateTransformer })
  acquiredAt!: Date;

  @Column({ name: 'expires_at', type: 'varchar', length: 32, transformer: isoDateTransformer })
  expiresAt!: Date;
}
