import type { Availability } from '@app/core/operator.types';
import type { OperatorModel } from '@app/platforms/chat-platform.adapter';
import type { DeskMemberStatus } from '@app/platforms/tencent-chat/tencent-chat.types';

/**
 * The IM UserID is derived from the key; only the nick can change. Tencent stores no "inactive"
 * (chat-bridge keeps it in the link and makes the account unassignable + kicked). account_delete
 * exists, though paid apps refuse it (71000) and the adapter falls back to deactivation.
 */
export const TENCENT_OPERATOR_MODEL: OperatorModel = {
  matchBy: 'key',
  updatableFields: ['name'],
  statuses: ['active', 'inactive'],
  hardDelete: true,
  statusStored: false,
};

/** account_check, multiaccount_import, account_delete and portrait_get: at most 100 ids per call. */
export const TENCENT_BATCH_SIZE = 100;
/** query_online_status takes at most 500 ids. */
export const TENCENT_ONLINE_STATUS_BATCH_SIZE = 500;
/** A UserID is at most 32 bytes (account_import). */
export const TENCENT_USER_ID_MAX_BYTES = 32;

/**
 * Lifetime of the admin UserSig the bridge signs itself. 70001's advice is at least 24 h;
 * it lives only in memory and is renewed at 80 %, so one day keeps a leaked sig short-lived.
 */
export const TENCENT_ADMIN_SIG_LIFETIME_S = 24 * 60 * 60;
/**
 * Retries of a call, all causes together: a rate-limit or internal-error code ("a few times"),
 * HTTP 429/5xx or a network error. The client's loop is the only retry layer of a Tencent call.
 */
export const TENCENT_ENVELOPE_RETRIES = 3;

export const TENCENT_NICK_TAG = 'Tag_Profile_IM_Nick';

/**
 * Desk member statuses by availability. `busy` is a rest; RestReason is left out because
 * it must be one of the reasons configured in Desk and the connector config names none.
 */
export const DESK_STATUS_BY_AVAILABILITY: Record<Availability, DeskMemberStatus> = {
  online: 'STATUS_FREE',
  busy: 'STATUS_REST',
  offline: 'STATUS_NOT_READY',
};

/** REST commands by `<service>/<command>`. */
export const TENCENT_COMMANDS = {
  accountCheck: 'im_open_login_svc/account_check',
  multiaccountImport: 'im_open_login_svc/multiaccount_import',
  accountDelete: 'im_open_login_svc/account_delete',
  kick: 'im_open_login_svc/kick',
  queryOnlineStatus: 'openim/query_online_status',
  portraitSet: 'profile/portrait_set',
  portraitGet: 'profile/portrait_get',
  setMemberStatus: 'desk_http_svc/set_member_status',
} as const;

export type TencentCommand = (typeof TENCENT_COMMANDS)[keyof typeof TENCENT_COMMANDS];
