import { jsonResponse } from '@app/simulator/framework/sim-response';
import type { SimRequest, SimResponse } from '@app/simulator/framework/simulator.types';
import {
  type LhcHandlerContext,
  USER_NOT_FOUND,
  lhcError,
} from '@app/simulator/livehelperchat/lhc-user.handlers';
import { departmentView, onlineUsersView } from '@app/simulator/livehelperchat/lhc-views';

/**
 * setonlinestatus/{id}/{online}: `1` online, anything else offline, into lh_users and every row;
 * fires chat.operator_status_changed with reason restapi_action. Errors answer HTTP 200.
 */
export const setOnlineStatus = ({ state }: LhcHandlerContext, req: SimRequest): SimResponse => {
  const user = state.users.get(Number(req.params.user_id));
  if (!user) {
    return lhcError(USER_NOT_FOUND, 200);
  }
  user.hide_online = req.params.online === '1' ? 0 : 1;
  state.pushHideOnline(user);
  state.recountChats(user.id);
  state.emit({ name: 'chat.operator_status_changed', user: { ...user }, reason: 'restapi_action' });
  return jsonResponse({ error: false, result: { msg: 'Status changed', online: user.hide_online === 0 } });
};

/** updatelastactivity/{id}: last_activity = now in every row, so online for online_timeout. */
export const updateLastActivity = ({ state }: LhcHandlerContext, req: SimRequest): SimResponse => {
  const user = state.users.get(Number(req.params.user_id));
  if (!user) {
    return lhcError(USER_NOT_FOUND, 400);
  }
  state.touch(user.id);
  return jsonResponse({ error: false, result: { update: true, ts: state.now() } });
};

/** A bare array on success. */
export const onlineUsers = ({ state, views }: LhcHandlerContext, req: SimRequest): SimResponse =>
  jsonResponse(onlineUsersView(state, req.query, views));

export const departments = ({ state, views }: LhcHandlerContext): SimResponse =>
  jsonResponse({
    error: false,
    result: [...state.departments.values()].map((d) => departmentView(d, views)),
  });
