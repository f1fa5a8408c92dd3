import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Availability, OperatorRole, OperatorStatus } from '@app/core/operator.types';

export interface OperatorPageQuery {
  /** The page starts after this key (keys ascending). */
  afterKey?: string;
  /** Rows to read; ask one more than the page size to learn whether another page follows. */
  limit: number;
  /** Part of the key, name or e-mail, ignoring case. */
  search?: string;
  status?: OperatorStatus;
  availability?: Availability;
  /** Only operators with no link on this connector. */
  missingOn?: string;
  /** Connectors whose latest reconcile run reports findings about the operators of the page. */
  connectorIds: readonly string[];
}

export interface OperatorPageLink {
  connectorId: string;
  remoteId: string;
  remoteName: string;
  remoteEmail: string | null;
  remoteStatus: OperatorStatus | null;
  remoteAvailability: Availability | null;
  seenAt: Date;
}

export interface OperatorPageFinding {
  connectorId: string;
  kind: string;
  message: string;
}

export interface OperatorPageEntry {
  key: string;
  name: string;
  email: string | null;
  role: OperatorRole;
  status: OperatorStatus;
  availability: Availability | null;
  availabilityAt: Date | null;
  availabilityConnectorId: string | null;
  links: OperatorPageLink[];
  findings: OperatorPageFinding[];
}

interface PageRow {
  key: string;
  name: string;
  email: string | null;
  role: OperatorRole;
  status: OperatorStatus;
  availability: Availability | null;
  availability_at: string | null;
  availability_connector_id: string | null;
  row_kind: 'link' | 'finding';
  connector_id: string | null;
  remote_id: string | null;
  remote_name: string | null;
  remote_email: string | null;
  remote_status: OperatorStatus | null;
  remote_availability: Availability | null;
  seen_at: string | null;
  finding_kind: string | null;
  finding_message: string | null;
}

const OPERATOR_COLUMNS = `p."key" AS "key", p."name" AS "name", p."email" AS "email", p."role" AS "role",
  p."status" AS "status", p."availability" AS "availability", p."availability_at" AS "availability_at",
  p."availability_connector_id" AS "availability_connector_id"`;

// A run restricted to one operator (provision on demand) says so with a `scope` report; its
// findings cover that operator only, so the page reads the latest run that covered everyone.
const LATEST_FULL_RUN = (param: string, alias: string) => `SELECT "id" FROM (
    SELECT r."id" FROM "runs" r
    WHERE r."connector_id" = :${param} AND r."kind" = 'reconcile' AND r."outcome" IN ('ok', 'partial', 'blocked')
      AND NOT EXISTS (SELECT 1 FROM "run_changes" s WHERE s."run_id" = r."id" AND s."action" = 'report' AND s."field" = 'scope')
    ORDER BY r."id" DESC LIMIT 1) ${alias}`;

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A page of the operators × connectors matrix in one query: the operators of the page, each with its
 * links, and what each connector's latest full reconcile run reported about them.
 */
@Injectable()
export class OperatorPageRepository {
  constructor(private readonly dataSource: DataSource) {}

  async page(query: OperatorPageQuery): Promise<OperatorPageEntry[]> {
    const parameters: Record<string, unknown> = { limit: query.limit };
    const filters: string[] = [];
    if (query.afterKey !== undefined) {
      filters.push(`o."key" > :afterKey`);
      parameters.afterKey = query.afterKey;
    }
    if (query.search) {
      filters.push(
        `(LOWER(o."key") LIKE :search ESCAPE '\\' OR LOWER(o."name") LIKE :search ESCAPE '\\' OR LOWER(COALESCE(o."email", '')) LIKE :search ESCAPE '\\')`,
      );
      parameters.search = `%${escapeLike(query.search.toLowerCase())}%`;
    }
    if (query.status) {
      filters.push(`o."status" = :status`);
      parameters.status = query.status;
    }
    if (query.availability) {
      filters.push(`o."availability" = :availability`);
      parameters.availability = query.availability;
    }
    if (query.missingOn) {
      filters.push(
        `NOT EXISTS (SELECT 1 FROM "operator_links" m WHERE m."operator_key" = o."key" AND m."connector_id" = :missingOn)`,
      );
      parameters.missingOn = query.missingOn;
    }
    const latest = query.connectorIds.map((id, i) => {
      parameters[`connector${i}`] = id;
      return LATEST_FULL_RUN(`connector${i}`, `latest${i}`);
    });
    const findings =
      latest.length === 0
        ? ''
        : `UNION ALL
  SELECT ${OPERATOR_COLUMNS}, 'finding' AS "row_kind", r."connector_id" AS "connector_id", NULL AS "remote_id",
    NULL AS "remote_name", NULL AS "remote_email", NULL AS "remote_status", NULL AS "remote_availability",
    NULL AS "seen_at", c."field" AS "finding_kind", c."after" AS "finding_message"
  FROM page p
  JOIN "run_changes" c ON c."operator_key" = p."key"
  JOIN "runs" r ON r."id" = c."run_id"
  WHERE c."action" = 'report' AND c."field" <> 'scope' AND c."run_id" IN (${latest.join(' UNION ALL ')})`;
    const sql = `WITH page AS (
    SELECT o."key", o."name", o."email", o."role", o."status", o."availability", o."availability_at",
      o."availability_connector_id"
    FROM "operators" o
    ${filters.length > 0 ? `WHERE ${filters.join(' AND ')}` : ''}
    ORDER BY o."key" ASC
    LIMIT :limit
  )
  SELECT ${OPERATOR_COLUMNS}, 'link' AS "row_kind", l."connector_id" AS "connector_id", l."remote_id" AS "remote_id",
    l."remote_name" AS "remote_name", l."remote_email" AS "remote_email", l."remote_status" AS "remote_status",
    l."remote_availability" AS "remote_availability", l."seen_at" AS "seen_at", NULL AS "finding_kind",
    NULL AS "finding_message"
  FROM page p LEFT JOIN "operator_links" l ON l."operator_key" = p."key"
  ${findings}
  ORDER BY "key", "row_kind" DESC, "connector_id"`;
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, parameters, {});
    return groupRows(await this.dataSource.query<PageRow[]>(text, values));
  }
}

const groupRows = (rows: readonly PageRow[]): OperatorPageEntry[] => {
  const entries: OperatorPageEntry[] = [];
  for (const row of rows) {
    let entry = entries[entries.length - 1];
    if (entry?.key !== row.key) {
      entry = {
        key: row.key,
        name: row.name,
        email: row.email,
        role: row.role,
        status: row.status,
        availability: row.availability,
        availabilityAt: row.availability_at === null ? null : new Date(row.availability_at),
        availabilityConnectorId: row.availability_connector_id,
        links: [],
        findings: [],
      };
      entries.push(entry);
    }
    if (row.row_kind === 'link' && row.connector_id !== null && row.remote_id !== null) {
      entry.links.push({
        connectorId: row.connector_id,
        remoteId: row.remote_id,
        remoteName: row.remote_name ?? '',
        remoteEmail: row.remote_email,
        remoteStatus: row.remote_status,
        remoteAvailability: row.remote_availability,
        seenAt: new Date(row.seen_at ?? 0),
      });
    } else if (row.row_kind === 'finding' && row.connector_id !== null) {
      entry.findings.push({
        connectorId: row.connector_id,
        kind: row.finding_kind ?? 'finding',
        message: findingMessage(row.finding_message),
      });
    }
  }
  return entries;
};

// A finding's message is stored as the change's `after`: JSON text holding a string.
const findingMessage = (stored: string | null): string => {
  if (stored === null) {
    return '';
  }
  try {
    const value: unknown = JSON.parse(stored);
    return typeof value === 'string' ? value : stored;
  } catch {
    return stored;
  }
};
