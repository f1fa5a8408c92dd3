import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

// Migrations are frozen snapshots: they never import entities, so later entity edits cannot
// rewrite history. Only the portable Table API is used, so the same file runs on SQLite and
// PostgreSQL. Timestamps are ISO-8601 strings (see iso-date.transformer.ts), JSON is text.

const id: TableColumnOptions = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
};
const text = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'text',
  isNullable: nullable,
});
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const time = (name: string, nullable = false): TableColumnOptions => str(name, 32, nullable);
const int = (name: string, nullable = false, defaultValue?: number): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable: nullable,
  default: defaultValue === undefined ? undefined : String(defaultValue),
});

export class InitialSchema1732406400000 implements MigrationInterface {
  name = 'InitialSchema1732406400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'operators',
        columns: [
          { ...str('key', 128), isPrimary: true },
          str('name', 255),
          str('email', 255, true),
          str('role', 32),
          str('status', 32),
          str('availability', 32, true),
          time('availability_at', true),
          str('availability_connector_id', 128, true),
          str('origin', 128),
          time('created_at'),
          time('updated_at'),
        ],
      }),
    );

    // Foreign keys are declared with the table: on SQLite a later createForeignKey rebuilds it.
    await queryRunner.createTable(
      new Table({
        name: 'operator_links',
        columns: [
          id,
          str('operator_key', 128),
          str('connector_id', 128),
          str('remote_id', 255),
          str('remote_name', 255),
          str('remote_email', 255, true),
          str('remote_status', 32, true),
          str('remote_availability', 32, true),
          time('seen_at'),
        ],
        uniques: [
          { name: 'UQ_operator_links_connector_operator', columnNames: ['connector_id', 'operator_key'] },
          { name: 'UQ_operator_links_connector_remote', columnNames: ['connector_id', 'remote_id'] },
        ],
        foreignKeys: [
          {
            name: 'FK_operator_links_operator_key',
            columnNames: ['operator_key'],
            referencedTableName: 'operators',
            referencedColumnNames: ['key'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await this.index(queryRunner, 'operator_links', 'IDX_operator_links_operator_key', ['operator_key']);

    await queryRunner.createTable(
      new Table({
        name: 'runs',
        columns: [
          id,
          str('connector_id', 128),
          str('trigger', 32),
          { name: 'dry_run', type: 'boolean' },
          str('outcome', 32),
          time('started_at'),
          time('finished_at', true),
          text('counts'),
          text('error', true),
        ],
      }),
    );
    await this.index(queryRunner, 'runs', 'IDX_runs_connector_id_id', ['connector_id', 'id']);

    await queryRunner.createTable(
      new Table({
        name: 'run_changes',
        columns: [
          id,
          int('run_id'),
          str('operator_key', 128, true),
          str('action', 64),
          str('field', 64, true),
          text('before', true),
          text('after', true),
          str('outcome', 32),
          text('error', true),
          int('duration_ms', true),
        ],
        foreignKeys: [
          {
            name: 'FK_run_changes_run_id',
            columnNames: ['run_id'],
            referencedTableName: 'runs',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await this.index(queryRunner, 'run_changes', 'IDX_run_changes_run_id', ['run_id']);

    await queryRunner.createTable(
      new Table({
        name: 'inbox_events',
        columns: [
          id,
          str('connector_id', 128),
          str('dedupe_key', 255),
          str('kind', 64),
          text('payload'),
          time('received_at'),
          str('state', 16),
          int('attempts', false, 0),
          time('next_attempt_at'),
          text('last_error', true),
          time('processed_at', true),
        ],
        uniques: [{ name: 'UQ_inbox_events_connector_dedupe', columnNames: ['connector_id', 'dedupe_key'] }],
      }),
    );
    await this.index(queryRunner, 'inbox_events', 'IDX_inbox_events_state_next_attempt', [
      'state',
      'next_attempt_at',
    ]);

    await queryRunner.createTable(
      new Table({
        name: 'conversation_states',
        columns: [
          { ...str('connector_id', 128), isPrimary: true },
          { ...str('conversation_id', 128), isPrimary: true },
          str('status', 32),
          str('previous_status', 32, true),
          str('inbox_id', 128, true),
          str('assignee_type', 64, true),
          time('last_toggled_at', true),
          time('updated_at'),
          time('source_updated_at', true),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'connector_states',
        columns: [
          { ...str('connector_id', 128), isPrimary: true },
          { ...str('health', 32), default: "'healthy'" },
          int('consecutive_failures', false, 0),
          time('last_success_at', true),
          text('last_error', true),
          time('last_run_at', true),
          time('next_run_at', true),
          str('config_hash', 128, true),
          time('backoff_until', true),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'connector_states',
      'conversation_states',
      'inbox_events',
      'run_changes',
      'runs',
      'operator_links',
      'operators',
    ]) {
      await queryRunner.dropTable(table);
    }
  }

  private async index(queryRunner: QueryRunner, table: string, name: string, columnNames: string[]) {
    await queryRunner.createIndex(table, new TableIndex({ name, columnNames }));
  }
}
