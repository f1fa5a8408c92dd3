import type { SimResponse } from '@app/simulator/framework/simulator.types';
import { fail, isStringList, ok, userIdItems } from '@app/simulator/tencent-chat/tencent-envelope';
import type { TencentState } from '@app/simulator/tencent-chat/tencent-state';
import type { TencentEdition } from '@app/simulator/tencent-chat/tencent.types';

type Body = Record<string, unknown>;

// Limits.
const BATCH_MAX = 100;
const ONLINE_QUERY_MAX = 500;
const USER_ID_MAX_BYTES = 32;
const NICK_MAX_BYTES = 500;
const NICK_TAG = 'Tag_Profile_IM_Nick';

const validUserId = (id: string): boolean => id !== '' && Buffer.byteLength(id, 'utf8') <= USER_ID_MAX_BYTES;

export function accountImport(state: TencentState, body: Body): SimResponse {
  const { UserID: userId, Nick: nick } = body;
  if (typeof userId !== 'string' || !validUserId(userId)) {
    return fail(70402, 'UserID must be 1 to 32 bytes');
  }
  state.import(userId);
  if (typeof nick === 'string') {
    state.setProfile(userId, NICK_TAG, nick);
  }
  return ok();
}

/** Cannot set a nick; refused ids are listed in FailAccounts while the rest are imported. */
export function multiaccountImport(state: TencentState, body: Body): SimResponse {
  if (!isStringList(body.Accounts, BATCH_MAX) || body.Accounts.length === 0) {
    return fail(70402, `Accounts must hold 1 to ${BATCH_MAX} UserIDs`);
  }
  const failed = body.Accounts.filter((id) => !validUserId(id));
  body.Accounts.filter(validUserId).forEach((id) => state.import(id));
  return ok({ FailAccounts: failed });
}

export function accountCheck(state: TencentState, body: Body): SimResponse {
  const ids = userIdItems(body.CheckItem, BATCH_MAX);
  if (!ids) {
    return fail(70402, `CheckItem must hold 1 to ${BATCH_MAX} {UserID}`);
  }
  return ok({
    ResultItem: ids.map((id) => ({
      UserID: id,
      ResultCode: 0,
      ResultInfo: '',
      AccountStatus: state.has(id) ? 'Imported' : 'NotImported',
    })),
  });
}

/** Works on Trial apps only; Pro and Flagship apps refuse the call with 71000. */
export function accountDelete(state: TencentState, body: Body, edition: TencentEdition): SimResponse {
  const ids = userIdItems(body.DeleteItem, BATCH_MAX);
  if (!ids) {
    return fail(70402, `DeleteItem must hold 1 to ${BATCH_MAX} {UserID}`);
  }
  if (edition !== 'trial') {
    return fail(71000);
  }
  return ok({
    ResultItem: ids.map((id) =>
      state.delete(id)
        ? { UserID: id, ResultCode: 0, ResultInfo: '' }
        : { UserID: id, ResultCode: 70107, ResultInfo: 'user does not exist' },
    ),
  });
}

export function kick(state: TencentState, body: Body): SimResponse {
  if (typeof body.UserID !== 'string') {
    return fail(70402, 'UserID must be a string');
  }
  return state.kick(body.UserID) ? ok() : fail(70107);
}

export function queryOnlineStatus(state: TencentState, body: Body, field: 'State' | 'Status'): SimResponse {
  if (!isStringList(body.To_Account, Number.POSITIVE_INFINITY) || body.To_Account.length === 0) {
    return fail(90001, 'To_Account must be a list of UserIDs');
  }
  if (body.To_Account.length > ONLINE_QUERY_MAX) {
    return fail(90011, `at most ${ONLINE_QUERY_MAX} accounts per query`);
  }
  const ids = body.To_Account;
  return ok({
    QueryResult: ids.flatMap((id) => {
      const account = state.account(id);
      return account ? [{ To_Account: id, [field]: account.state, Detail: [] }] : [];
    }),
    ErrorList: ids.filter((id) => !state.has(id)).map((id) => ({ To_Account: id, ErrorCode: 70107 })),
  });
}

export function portraitSet(state: TencentState, body: Body): SimResponse {
  const { From_Account: account, ProfileItem: items } = body;
  const valid =
    typeof account === 'string' &&
    Array.isArray(items) &&
    items.length > 0 &&
    items.every((i: unknown) => typeof (i as { Tag?: unknown } | null)?.Tag === 'string');
  if (!valid) {
    return fail(40001, 'From_Account and ProfileItem[{Tag, Value}] are required');
  }
  const profile = items as Array<{ Tag: string; Value: unknown }>;
  const nick = profile.find((i) => i.Tag === NICK_TAG)?.Value;
  if (nick !== undefined && (typeof nick !== 'string' || Buffer.byteLength(nick, 'utf8') > NICK_MAX_BYTES)) {
    return fail(40601, `the nick must be a string of at most ${NICK_MAX_BYTES} bytes`);
  }
  if (!state.has(account)) {
    return fail(40003, 'user does not exist');
  }
  profile.forEach((i) => state.setProfile(account, i.Tag, i.Value));
  return ok();
}

/** Per-account results: an unknown account gets ResultCode 40003 and no items. */
export function portraitGet(state: TencentState, body: Body): SimResponse {
  if (!isStringList(body.To_Account, BATCH_MAX) || !isStringList(body.TagList, Number.POSITIVE_INFINITY)) {
    return fail(40001, `To_Account (at most ${BATCH_MAX}) and TagList are required`);
  }
  const tags = body.TagList;
  return ok({
    UserProfileItem: body.To_Account.map((id) => {
      const account = state.account(id);
      if (!account) {
        return { To_Account: id, ProfileItem: [], ResultCode: 40003, ResultInfo: 'user does not exist' };
      }
      const items = tags
        .filter((t) => t in account.profile)
        .map((t) => ({ Tag: t, Value: account.profile[t] }));
      return { To_Account: id, ProfileItem: items, ResultCode: 0, ResultInfo: '' };
    }),
  });
}
