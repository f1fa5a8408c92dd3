import { jsonResponse } from '@app/simulator/framework/sim-response';
import type { SimRequest, SimResponse } from '@app/simulator/framework/simulator.types';
import { resolveCaller } from '@app/simulator/livehelperchat/lhc-auth.guard';
import type { LhcState } from '@app/simulator/livehelperchat/lhc-state';
import { commitUserWrite, readUserWrite } from '@app/simulator/livehelperchat/lhc-user-input';
import { type ViewOptions, departmentView, userView } from '@app/simulator/livehelperchat/lhc-views';
import type { LhcSimUser } from '@app/simulator/livehelperchat/lhc.types';

export interface LhcHandlerContext {
  state: LhcState;
  views: ViewOptions;
  passwordMinLength: number;
}

/** LHC's failure answer; the HTTP status depends on the endpoint. */
export const lhcError = (message: string, status: 200 | 400): SimResponse =>
  jsonResponse({ error: true, result: message }, status);

export const USER_NOT_FOUND = 'User could not be found!';

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const like = (value: string, filter: string | undefined): boolean =>
  filter === undefined || value.toLowerCase().includes(filter.toLowerCase());

/** getusers: every match, no paging, passwords stripped; errors answer HTTP 200. */
export const getUsers = ({ state, views }: LhcHandlerContext, { query }: SimRequest): SimResponse => {
  const groupIds = text(query.group_ids)?.split(',').map(Number);
  const users = [...state.users.values()].filter(
    (u) =>
      (text(query.email) === undefined || u.email === query.email) &&
      like(u.name, text(query.name)) &&
      like(u.username, text(query.username)) &&
      like(u.surname, text(query.surname)) &&
      like(u.chat_nickname, text(query.chat_nickname)) &&
      (text(query.disabled) === undefined || String(u.disabled) === query.disabled) &&
      (groupIds === undefined || u.user_groups.some((g) => groupIds.includes(g))),
  );
  return jsonResponse({
    error: false,
    result: users.map((u) => userView(u, { ...views, withPassword: false })),
  });
};

const userById = (state: LhcState, req: SimRequest): LhcSimUser | undefined =>
  state.users.get(Number(req.params.user_id));

/** GET /restapi/user/{id}: formatAPI keeps the bcrypt hash. */
export const getUser = ({ state, views }: LhcHandlerContext, req: SimRequest): SimResponse => {
  const user = userById(state, req);
  return user
    ? jsonResponse({ error: false, result: userView(user, { ...views, withPassword: true }) })
    : lhcError(USER_NOT_FOUND, 400);
};

/** POST and PUT: validateUser errors joined by newlines with HTTP 400. */
export const writeUser = (ctx: LhcHandlerContext, req: SimRequest): SimResponse => {
  const existing = req.method === 'PUT' ? userById(ctx.state, req) : undefined;
  if (req.method === 'PUT' && !existing) {
    return lhcError(USER_NOT_FOUND, 400);
  }
  const write = readUserWrite(ctx.state, existing, req.body, ctx.passwordMinLength);
  if (write.errors.length > 0) {
    return lhcError(write.errors.join('\n'), 400);
  }
  const user = commitUserWrite(ctx.state, existing, write);
  // The plaintext password of this request comes back too (confirmed on 4.90v).
  const extra = write.plainPassword
    ? { password_temp_1: write.plainPassword, password_front: write.plainPassword }
    : undefined;
  return jsonResponse({ error: false, result: userView(user, { ...ctx.views, withPassword: true, extra }) });
};

/** DELETE fires no event. */
export const deleteUser = ({ state }: LhcHandlerContext, req: SimRequest): SimResponse => {
  const user = userById(state, req);
  if (!user) {
    return lhcError(USER_NOT_FOUND, 400);
  }
  state.deleteUser(user.id);
  return jsonResponse({ error: false, result: true });
};

/** POST /restapi/user_departments: the departments of the user's rows, all of them with a 0 row. */
export const userDepartments = ({ state, views }: LhcHandlerContext, req: SimRequest): SimResponse => {
  const form = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
  const wanted = Number(text(req.query.user_id) ?? text(form.user_id) ?? 0);
  const caller = resolveCaller(state, req.headers);
  const user = wanted > 0 ? state.users.get(wanted) : 'user' in caller ? caller.user : undefined;
  if (!user) {
    return lhcError(USER_NOT_FOUND, 400);
  }
  const depIds = state.rowsOf(user.id).map((r) => r.dep_id);
  const departments = [...state.departments.values()]
    .filter((d) => depIds.includes(0) || depIds.includes(d.id))
    .sort((a, b) => a.name.localeCompare(b.name));
  return jsonResponse({ error: false, result: departments.map((d) => departmentView(d, views)) });
};
