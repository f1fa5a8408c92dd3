import { jsonResponse } from '@app/simulator/framework/sim-response';
import type { SimRequest, SimResponse } from '@app/simulator/framework/simulator.types';
import { resolveCaller } from '@app/simulator/livehelperchat/lhc-auth.guard';
import {
  type LhcHandlerContext,
  USER_NOT_FOUND,
  lhcError,
} from '@app/simulator/livehelperchat/lhc-user.handlers';
import { departmentView, onlineUsersView } from '@app/simulator/livehelperchat/lhc-views';

/**
 * setonlinestatus/{id}/{online}: `1` online, anything else offline, into lh_users and every row;
 * fires chat.operator_status_changed with reason restapi_action. Errors answer HTTP 200 (§2.1).
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

/** updatelastactivity/{id}: last_activity = now in every row, so online for online_timeout (§2.1). */
export const updateLastActivity = ({ state }: LhcHandlerContext, req: SimRequest): SimResponse => {
  const user = state.users.get(Number(req.params.user_id));
  if (!user) {
    return lhcError(USER_NOT_FOUND, 400);
  }
  state.touch(user.id);
  return jsonResponse({ error: false, result: { update: true, ts: state.now() } });
};

/** A bare array on success (§1.3). */
export const onlineUsers = ({ state, views }: LhcHandlerContext, req: SimRequest): SimResponse =>
  jsonResponse(onlineUsersView(state, req.query, views));

export const departments = ({ state, views }: LhcHandlerContext): SimResponse =>
  jsonResponse({
    error: false,
    result: [...state.departments.values()].map((d) => departmentView(d, views)),
  });

/**
 * setchatstatus reads `$_POST` (form fields, §1.3): a JSON body leaves it empty. Then
 * erLhcoreClassChatHelper::changeStatus (§3.3): 0 unassigns to pending, 1 takes an unowned chat
 * for the caller, 5 unassigns to the bot.
 */
export const setChatStatus = ({ state }: LhcHandlerContext, req: SimRequest): SimResponse => {
  const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const form =
    isForm && typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
  if (typeof form.chat_id !== 'string') {
    return lhcError('chat_id has to be provided!', 400);
  }
  const chat = state.chats.get(Number(form.chat_id));
  if (!chat) {
    return lhcError(`No object of class 'erLhcoreClassModelChat' with id '${form.chat_id}'.`, 400);
  }
  const status = Number(form.status);
  if (typeof form.status !== 'string' || !/^[0-5]$/.test(form.status)) {
    return lhcError('Unknown status!', 400);
  }
  const caller = resolveCaller(state, req.headers);
  const previousOwner = chat.user_id;
  chat.status = status;
  if (status === 0) {
    chat.user_id = 0;
    chat.pnd_time = state.now();
  } else if (status === 1 && chat.user_id === 0 && 'user' in caller) {
    chat.user_id = caller.user.id;
  } else if (status === 5) {
    chat.user_id = 0;
  }
  [previousOwner, chat.user_id].filter((id) => id > 0).forEach((id) => state.recountChats(id));
  return jsonResponse({ error: false, result: 'Status changed!' });
};
