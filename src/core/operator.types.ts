/** Canonical, platform-independent operator vocabulary. */
export const OPERATOR_ROLES = ['agent', 'integration'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export const OPERATOR_STATUSES = ['active', 'inactive', 'deleted'] as const;
export type OperatorStatus = (typeof OPERATOR_STATUSES)[number];

export const AVAILABILITIES = ['online', 'busy', 'offline'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/** What the directory says an operator should be: from the roster or from the source connector. */
export interface DesiredOperator {
  key: string;
  name: string;
  email?: string;
  role: OperatorRole;
  status: OperatorStatus;
}
