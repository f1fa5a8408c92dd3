import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

// A frozen snapshot like every migration: portable Table API only, no entity imports.

/**
 * Every platform write belongs to a run of some `kind`, opened by an `owner` (the process holding
 * the connector's lock), and SQLite gets a lock that spans processes: a lease row per connector.
 */
export class OneWritePath1764748800000 implements MigrationInterface {
  name = 'OneWritePath1764748800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('runs', [
      new TableColumn({
        name: 'kind',
        type: 'varchar',
        length: '32',
        isNullable: false,
        default: "'reconcile'",
      }),
      new TableColumn({ name: 'owner', type: 'varchar', length: '128', isNullable: true }),
    ]);
    await queryRunner.createIndex(
      'runs',
      new TableIndex({ name: 'IDX_runs_outcome_connector_id', columnNames: ['outcome', 'connector_id'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'connector_leases',
        columns: [
          { name: 'connector_id', type: 'varchar', length: '128', isPrimary: true },
          { name: 'token', type: 'varchar', length: '64', isNullable: false },
          { name: 'holder', type: 'varchar', length: '255', isNullable: false },
          { name: 'acquired_at', type: 'varchar', length: '32', isNullable: false },
          { name: 'expires_at', type: 'varchar', length: '32', isNullable: false },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('connector_leases');
    await queryRunner.dropIndex('runs', 'IDX_runs_outcome_connector_id');
    await queryRunner.dropColumns('runs', ['owner', 'kind']);
  }
}
