import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

// A frozen snapshot like every migration: portable Table API only, no entity imports.

const str = (name: string, length: number, nullable = false) => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const id = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment' as const,
};

/**
 * What replicas decide from moves into the database: `change_feed` numbers every change that
 * replicas mirror in memory (PostgreSQL NOTIFY carries the number; a replica whose listener is
 * down polls it), `availability_echoes` holds chat-bridge's own recent availability writes,
 * the `assignment_*` tables hold the load, round-robin cursor and sticky agents of assign-agent
 * answers, and an inbox claim names the replica that holds it.
 */
export class SharedReplicaState1764835200000 implements MigrationInterface {
  name = 'SharedReplicaState1764835200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'change_feed',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'version', type: 'bigint', isNullable: false },
        ],
      }),
    );
    await queryRunner.query('INSERT INTO change_feed (id, version) VALUES (1, 0)');
    await queryRunner.createTable(
      new Table({
        name: 'availability_echoes',
        columns: [
          id,
          str('connector_id', 128),
          str('remote_id', 255),
          str('availability', 32),
          str('expires_at', 32),
        ],
      }),
    );
    await this.index(queryRunner, 'availability_echoes', 'IDX_availability_echoes_remote', [
      'connector_id',
      'remote_id',
    ]);
    await this.index(queryRunner, 'availability_echoes', 'IDX_availability_echoes_expires_at', [
      'expires_at',
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'assignment_sessions',
        columns: [id, str('connector_id', 128), str('operator_key', 128), str('at', 32)],
      }),
    );
    await this.index(queryRunner, 'assignment_sessions', 'IDX_assignment_sessions_at', ['at']);
    await queryRunner.createTable(
      new Table({
        name: 'assignment_cursors',
        columns: [
          { ...str('connector_id', 128), isPrimary: true },
          { name: 'rotation', type: 'integer', isNullable: false },
          str('updated_at', 32),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'assignment_sticky_clients',
        columns: [
          { ...str('connector_id', 128), isPrimary: true },
          { ...str('client_user_id', 255), isPrimary: true },
          str('operator_key', 128),
          str('updated_at', 32),
        ],
      }),
    );
    await this.index(queryRunner, 'assignment_sticky_clients', 'IDX_assignment_sticky_clients_updated_at', [
      'updated_at',
    ]);
    await queryRunner.addColumn('inbox_events', new TableColumn(str('claimed_by', 128, true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('inbox_events', 'claimed_by');
    for (const table of [
      'assignment_sticky_clients',
      'assignment_cursors',
      'assignment_sessions',
      'availability_echoes',
      'change_feed',
    ]) {
      await queryRunner.dropTable(table);
    }
  }

  private async index(queryRunner: QueryRunner, table: string, name: string, columnNames: string[]) {
    await queryRunner.createIndex(table, new TableIndex({ name, columnNames }));
  }
}
