import type { SimulatorOptions } from '@app/simulator/framework/simulator.types';

/** 0 = Active, 1 = Inactive, 2 = Deleted (there is no hard delete). */
export type ChatHubOperatorStatus = 0 | 1 | 2;

export const CHATHUB_OPERATOR_STATUSES: readonly ChatHubOperatorStatus[] = [0, 1, 2];

export interface ChatHubOrganization {
  id: number;
  name: string;
}

/** Snapshot of a stored operator (the wire shape nests the organization instead). */
export interface ChatHubOperator {
  id: number;
  name: string;
  status: ChatHubOperatorStatus;
  organizationId: number;
}

export interface ChatHubSeed {
  organizations?: ChatHubOrganization[];
  /** Without `id` the next free id is used; `status` defaults to 0. */
  operators?: Array<Omit<ChatHubOperator, 'id' | 'status'> & { id?: number; status?: ChatHubOperatorStatus }>;
}

export interface ChatHubCredentials {
  login: string;
  password: string;
}

/** The docs disagree on get-token's answer: serve either. */
export type ChatHubTokenResponseShape = 'string' | 'object';

export interface ChatHubSimulatorOptions extends SimulatorOptions {
  /** Keys from the dashboard Profile, accepted as company tokens and never expired. */
  companyKeys?: string[];
  /** Logins accepted by `POST /api/company/get-token`. */
  credentials?: ChatHubCredentials[];
  /** Default 'string' (a bare JWT as a JSON string). */
  tokenResponseShape?: ChatHubTokenResponseShape;
  /** Clock for operator-token lifetimes; defaults to the real time. */
  now?: () => Date;
}

export const CHATHUB_ROUTES = {
  companyGetToken: 'POST /api/company/get-token',
  organizations: 'GET /api/company/organization',
  operators: 'GET /api/operator',
  synchronize: 'POST /api/operator/synchronize',
  status: 'POST /api/operator/status',
  operatorGetToken: 'POST /api/operator/get-token',
  validateToken: 'POST /api/operator/validate-token',
} as const;
