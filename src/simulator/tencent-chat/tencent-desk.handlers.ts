import type { SimResponse } from '@app/simulator/framework/simulator.types';
import { fail, ok } from '@app/simulator/tencent-chat/tencent-envelope';
import type { TencentState } from '@app/simulator/tencent-chat/tencent-state';
import { TENCENT_DESK_STATUSES, type TencentDeskStatus } from '@app/simulator/tencent-chat/tencent.types';

export interface DeskSettings {
  desk: boolean;
  restReasons: readonly string[];
}

/**
 * `desk_http_svc/set_member_status` (cloud.tencent.com 269/124943): envelope only. RestReason goes
 * with STATUS_REST alone and must be one of the reasons configured in Desk.
 */
export function setMemberStatus(
  state: TencentState,
  body: Record<string, unknown>,
  settings: DeskSettings,
): SimResponse {
  if (!settings.desk) {
    return fail(141000);
  }
  const { MemberMail: mail, Status: status, RestReason: reason } = body;
  if (typeof mail !== 'string' || !TENCENT_DESK_STATUSES.some((s) => s === status)) {
    return fail(141004, 'MemberMail and Status (STATUS_FREE, STATUS_NOT_READY or STATUS_REST) are required');
  }
  const reasonOk =
    reason === undefined ||
    (status === 'STATUS_REST' && typeof reason === 'string' && settings.restReasons.includes(reason));
  if (!reasonOk) {
    return fail(141004, 'RestReason must be a configured reason and goes with STATUS_REST only');
  }
  const updated = state.setMemberStatus(mail, status as TencentDeskStatus, reason);
  return updated ? ok() : fail(141010);
}
