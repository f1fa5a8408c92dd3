import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

// A frozen snapshot like every migration: portable Table API only, no entity imports.

const str = (name: string, length: number, nullable = false) => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const text = (name: string, nullable = false) => ({ name, type: 'text', isNullable: nullable });

/** `alerts`: one row per alert and sink, delivered by a retrying deliverer (see src/alerts). */
export class Alerts1764921600000 implements MigrationInterface {
  name = 'Alerts1764921600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'alerts',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          str('sink', 64),
          str('event', 64),
          str('connector_id', 128),
          text('message'),
          text('details'),
          str('created_at', 32),
          str('state', 16),
          { name: 'attempts', type: 'integer', isNullable: false, default: 0 },
          str('next_attempt_at', 32),
          text('last_error', true),
          str('sent_at', 32, true),
          str('claimed_by', 128, true),
        ],
      }),
    );
    await queryRunner.createIndex(
      'alerts',
      new TableIndex({ name: 'IDX_alerts_state_next_attempt', columnNames: ['state', 'next_attempt_at'] }),
    );
    await queryRunner.createIndex(
      'alerts',
      new TableIndex({
        name: 'IDX_alerts_sink_connector_created',
        columnNames: ['sink', 'connector_id', 'created_at'],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('alerts');
  }
}
