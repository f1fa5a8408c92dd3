import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import type { DataSource } from 'typeorm';

const ids = new WeakMap<DataSource, string>();

/**
 * Who this replica is, as other replicas read it: the origin of its change notices and the
 * `claimed_by` of its inbox claims. One per data source (one per daemon; two in a test that plays
 * two replicas in one process). The host and pid come first so an operator, or a test, can tell
 * whose claims they are; the random tail tells apart two pid 1s in two containers.
 */
export function replicaIdOf(dataSource: DataSource): string {
  let id = ids.get(dataSource);
  if (id === undefined) {
    id = `${hostname().slice(0, 80)} pid ${process.pid} ${randomBytes(4).toString('hex')}`;
    ids.set(dataSource, id);
  }
  return id;
}
