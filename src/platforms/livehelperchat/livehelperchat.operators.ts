import { randomBytes, randomInt } from 'node:crypto';

import type { DesiredOperator } from '@app/core/operator.types';
import type { CreateOperatorsResult } from '@app/platforms/chat-platform.adapter';
import type { LiveHelperChatClient } from '@app/platforms/livehelperchat/livehelperchat.client';
import { splitName, toRemoteOperator, toUsername } from '@app/platforms/livehelperchat/livehelperchat.mapper';
import {
  LHC_GENERATED_PASSWORD_LENGTH,
  LHC_USER_EXISTS_MESSAGE,
} from '@app/platforms/livehelperchat/livehelperchat.options';
import type { LhcAccount } from '@app/platforms/livehelperchat/livehelperchat.types';
import { PlatformError, PlatformErrorCode, isPlatformError } from '@app/core/platform-error';
import type { ReadBack, Sleep } from '@app/platforms/settle-unknown-creates';
import { createEach } from '@app/platforms/create-each';

export interface OperatorCreation {
  client: LiveHelperChatClient;
  connectorId: string;
  serviceUsername: string;
  departments: number[];
  userGroups: number[];
  /** Creates in flight at once. */
  concurrency: number;
  /** The connector's request timeout: how long an unanswered create may still be on its way. */
  timeoutMs: number;
  sleep?: Sleep;
}

const CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-.:=?@_'];

/**
 * A strong random password that passes any LHC password policy (one of each class). Operators
 * reset it or sign in through SSO; it is sent once and never logged, stored or returned.
 */
export const generatePassword = (length = LHC_GENERATED_PASSWORD_LENGTH): string => {
  const all = CLASSES.join('');
  const chars = CLASSES.map((set) => set[randomInt(set.length)]);
  for (const byte of randomBytes(length - chars.length)) {
    chars.push(all[byte % all.length]);
  }
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
};

/**
 * POST /restapi/user for each operator (username, password, e-mail, name and a user group
 * are required), several in flight. The username comes from the operator key and LHC keeps
 * usernames unique, so a repeated create is refused instead of duplicated; "User exists" adopts
 * that user when the e-mail matches. A create with no clear answer is read back after a wait and
 * sent once more only if it is not there (the unique username makes that safe).
 */
export const createOperators = (
  params: OperatorCreation,
  operators: DesiredOperator[],
): Promise<CreateOperatorsResult> =>
  createEach({
    connectorId: params.connectorId,
    operators,
    concurrency: params.concurrency,
    create: async (operator) => toRemoteOperator(await createOne(params, operator), params.serviceUsername),
    readBack: (unclear) => readBack(params, unclear),
    timeoutMs: params.timeoutMs,
    resendAbsent: true,
    sleep: params.sleep,
  });

/** One getusers for all of them: the user with the key's username, with the operator's e-mail. */
const readBack = async (params: OperatorCreation, operators: DesiredOperator[]): Promise<ReadBack> => {
  const users = await params.client.getUsers();
  const back: ReadBack = { found: new Map(), failed: new Map() };
  for (const operator of operators) {
    const username = toUsername(operator.key).toLowerCase();
    const user = users.find((u) => u.username.toLowerCase() === username);
    if (!user) {
      continue;
    }
    if (sameEmail(user.email, operator.email)) {
      back.found.set(operator.key, toRemoteOperator(user, params.serviceUsername));
    } else {
      back.failed!.set(operator.key, belongsToAnother(params.connectorId, user));
    }
  }
  return back;
};

const createOne = async (params: OperatorCreation, operator: DesiredOperator): Promise<LhcAccount> => {
  const email = operator.email?.trim();
  if (!email) {
    throw rejected(params.connectorId, `LHC requires an e-mail and operator "${operator.key}" has none`);
  }
  const username = toUsername(operator.key);
  if (username === '') {
    throw rejected(params.connectorId, `no LHC username can be derived from key "${operator.key}"`);
  }
  const body = {
    username,
    password: generatePassword(),
    email,
    ...splitName(operator.name),
    user_groups: params.userGroups,
    departments: params.departments,
    departments_read: [],
  };
  try {
    return await params.client.createUser(body);
  } catch (error) {
    if (!(isPlatformError(error) && LHC_USER_EXISTS_MESSAGE.test(error.message))) {
      // Refused, or sent without a clear answer (outcomeUnknown): the caller reads that back.
      throw error;
    }
    // LHC answered "User exists": created by an earlier run, adopt it when it is this operator.
    const existing = await findByUsername(params.client, username);
    if (existing && sameEmail(existing.email, email)) {
      return existing;
    }
    throw existing ? belongsToAnother(params.connectorId, existing) : error;
  }
};

const sameEmail = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

const belongsToAnother = (connectorId: string, user: LhcAccount): PlatformError =>
  rejected(connectorId, `LHC username "${user.username}" belongs to another user (${user.id})`);

// getusers filters `username` with LIKE; MySQL compares usernames without case.
const findByUsername = async (
  client: LiveHelperChatClient,
  username: string,
): Promise<LhcAccount | undefined> =>
  (await client.getUsers({ username })).find((u) => u.username.toLowerCase() === username.toLowerCase());

const rejected = (connectorId: string, message: string): PlatformError =>
  new PlatformError({ code: PlatformErrorCode.REJECTED, connectorId, message });
