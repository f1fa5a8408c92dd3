import type { OperatorStatus } from '@app/core/operator.types';
import type { RemoteOperator } from '@app/platforms/chat-platform.adapter';
import { PlatformError, PlatformErrorCode } from '@app/core/platform-error';
import type {
  ChatHubOperator,
  ChatHubStatusCode,
  ChatHubTokenResponse,
} from '@app/platforms/smsbat-chathub/smsbat-chathub.types';

const STATUS_BY_CODE: Record<ChatHubStatusCode, OperatorStatus> = {
  0: 'active',
  1: 'inactive',
  2: 'deleted',
};
const CODE_BY_STATUS: Record<OperatorStatus, ChatHubStatusCode> = { active: 0, inactive: 1, deleted: 2 };

export const toChatHubStatus = (status: OperatorStatus): ChatHubStatusCode => CODE_BY_STATUS[status];

export const toRemoteOperator = (operator: ChatHubOperator): RemoteOperator => ({
  remoteId: String(operator.id),
  name: operator.name,
  status: STATUS_BY_CODE[operator.status],
});

const invalid = (connectorId: string, what: string): PlatformError =>
  new PlatformError({
    code: PlatformErrorCode.INVALID_RESPONSE,
    connectorId,
    message: `ChatHub answered ${what}`,
  });

const isOperator = (value: unknown): value is ChatHubOperator => {
  const v = value as Partial<ChatHubOperator> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Number.isInteger(v.id) &&
    typeof v.name === 'string' &&
    (v.status === 0 || v.status === 1 || v.status === 2)
  );
};

/** Checks the shape of an operator list (GET /api/operator, POST /api/operator/synchronize). */
export const parseOperators = (data: unknown, connectorId: string, route: string): ChatHubOperator[] => {
  if (!Array.isArray(data)) {
    throw invalid(connectorId, `${route} with something other than a list of operators`);
  }
  const bad = data.findIndex((item) => !isOperator(item));
  if (bad >= 0) {
    throw invalid(connectorId, `${route} with a malformed operator at index ${bad}`);
  }
  return data as ChatHubOperator[];
};

export const parseToken = (data: unknown, connectorId: string): string => {
  const response = data as ChatHubTokenResponse | null;
  const token = typeof response === 'string' ? response : response?.token;
  if (typeof token !== 'string' || token.trim() === '') {
    throw invalid(connectorId, 'get-token without a token');
  }
  return token.trim();
};
