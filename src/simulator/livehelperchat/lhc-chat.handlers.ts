import { jsonResponse } from '@app/simulator/framework/sim-response';
import type { SimRequest, SimResponse } from '@app/simulator/framework/simulator.types';
import { resolveCaller } from '@app/simulator/livehelperchat/lhc-auth.guard';
import type { LhcState } from '@app/simulator/livehelperchat/lhc-state';
import { type LhcHandlerContext, lhcError } from '@app/simulator/livehelperchat/lhc-user.handlers';
import type { LhcSimChat, LhcSimUser } from '@app/simulator/livehelperchat/lhc.types';

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
// validateFilterIn(): a comma list of ints; PHP's empty("0") skips the list "0" altogether.
const idList = (value: unknown): number[] | undefined => {
  const raw = text(value);
  if (raw === undefined || raw === '' || raw === '0') {
    return undefined;
  }
  return raw.split(',').map((part) => Number.parseInt(part, 10) || 0);
};
const positive = (value: unknown): number | undefined => {
  const n = Number.parseInt(text(value) ?? '', 10);
  return n >= 1 ? n : undefined;
};

/** getLimitation: "All departments" sees every chat, anyone else only their departments'. */
const visibleTo = (state: LhcState, user: LhcSimUser): ((chat: LhcSimChat) => boolean) => {
  const depIds = state.rowsOf(user.id).map((r) => r.dep_id);
  return user.all_departments === 1 || depIds.includes(0)
    ? () => true
    : (chat) => depIds.includes(chat.dep_id);
};

/**
 * GET /restapi/chats (getChatListFilter): `user_ids`, `status_ids`, `user_id`, `status` (1 or
 * more), `departament_id`, `limit` (20) and `offset` (1 or more), newest first; errors answer 200.
 */
export const chats = ({ state }: LhcHandlerContext, req: SimRequest): SimResponse => {
  const caller = resolveCaller(state, req.headers);
  if (!('user' in caller)) {
    return lhcError(caller.error, 200);
  }
  const { query } = req;
  const userIds = idList(query.user_ids);
  const statusIds = idList(query.status_ids);
  const filters: Array<(chat: LhcSimChat) => boolean> = [
    visibleTo(state, caller.user),
    (c) => userIds === undefined || userIds.includes(c.user_id),
    (c) => statusIds === undefined || statusIds.includes(c.status),
    (c) => positive(query.user_id) === undefined || c.user_id === positive(query.user_id),
    (c) => positive(query.status) === undefined || c.status === positive(query.status),
    (c) => positive(query.departament_id) === undefined || c.dep_id === positive(query.departament_id),
  ];
  const matched = [...state.chats.values()]
    .filter((chat) => filters.every((keep) => keep(chat)))
    .sort((a, b) => b.id - a.id);
  const limit = positive(query.limit) ?? 20;
  const offset = positive(query.offset) ?? 0;
  return jsonResponse({
    filter: { limit, offset, smart_select: true },
    list: matched.slice(offset, offset + limit).map((chat) => ({ ...chat })),
    list_count: matched.length,
    error: false,
  });
};

/**
 * setchatstatus reads `$_POST` (form fields): a JSON body leaves it empty. Then
 * erLhcoreClassChatHelper::changeStatus: 0 unassigns to pending, 1 takes an unowned chat
 * for the caller, 5 unassigns to the bot; each change leaves a system message in the chat.
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
  if (status === 0 && 'user' in caller) {
    const who = `${caller.user.name} ${caller.user.surname}`.trim();
    state.addMessage(chat.id, -1, `${who} has changed chat status to pending!`);
  }
  [previousOwner, chat.user_id].filter((id) => id > 0).forEach((id) => state.recountChats(id));
  return jsonResponse({ error: false, result: 'Status changed!' });
};
