/** Raw SMSBat ChatHub shapes, as its REST API sends them. They never leave this folder. */

/** 0 = Active, 1 = Inactive, 2 = Deleted. */
export type ChatHubStatusCode = 0 | 1 | 2;

export interface ChatHubOperator {
  id: number;
  name: string;
  status: ChatHubStatusCode;
  organization?: { id: number; name: string };
}

export interface ChatHubSynchronizeItem {
  organizationId: number;
  name: string;
}

/** get-token answers a bare JWT string in some docs and `{token, expiration}` in others: accept both. */
export type ChatHubTokenResponse = string | { token: string; expiration?: string };

export interface ChatHubOrganization {
  id: number;
  name: string;
}
