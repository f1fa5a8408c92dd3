import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { isoDateTransformer } from '@app/database/transformers/iso-date.transformer';

/** The digest of a signed delivery, kept while its signature could still verify (replay guard). */
@Entity({ name: 'webhook_receipts' })
@Index('IDX_webhook_receipts_expires_at', ['expiresAt'])
export class WebhookReceiptEntity {
  @PrimaryColumn({ name: 'connector_id', type: 'varchar', length: 128 })
  connectorId!: string;

  /** Hex SHA-256. */
  @PrimaryColumn({ name: 'digest', type: 'varchar', length: 64 })
  digest!: string;

  @Column({ name: 'expires_at', type: 'varchar', length: 32, transformer: isoDateTransformer })
  expiresAt!: Date;
}
