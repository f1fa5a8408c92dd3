import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

// A frozen snapshot like every migration: portable Table API only, no entity imports.

/**
 * `webhook_receipts`: the digest of what a delivery's signature covers, kept for the signature's
 * validity window. A captured delivery posted again under a new delivery id (Chatwoot's HMAC does
 * not cover `X-Chatwoot-Delivery`) or with another body under a still-valid query string (Tencent's
 * `Sign` covers no body) finds its digest here and is not stored twice.
 */
export class WebhookReceipts1764662400000 implements MigrationInterface {
  name = 'WebhookReceipts1764662400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'webhook_receipts',
        columns: [
          { name: 'connector_id', type: 'varchar', length: '128', isPrimary: true },
          { name: 'digest', type: 'varchar', length: '64', isPrimary: true },
          { name: 'expires_at', type: 'varchar', length: '32', isNullable: false },
        ],
      }),
    );
    await queryRunner.createIndex(
      'webhook_receipts',
      new TableIndex({ name: 'IDX_webhook_receipts_expires_at', columnNames: ['expires_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('webhook_receipts');
  }
}
