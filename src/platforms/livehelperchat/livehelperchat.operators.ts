import { randomBytes, randomInt } from 'node:crypto';

import type { DesiredOperator } from '@app/directory/operator.types';
import type { CreateOperatorsResult } from '@app/platforms/chat-platform.adapter';
import type { LiveHelperChatClient } from '@app/platforms/livehelperchat/livehelperchat.client';
import { splitName, toRemoteOperator, toUsername } from '@app/platforms/livehelperchat/livehelperchat.mapper';
import {
  LHC_GENERATED_PASSWORD_LENGTH,
  LHC_USER_EXISTS_MESSAGE,
} from '@app/platforms/livehelperchat/livehelperchat.options';
import type { LhcAccount } from '@app/platforms/livehelperchat/livehelperchat.types';
import { PlatformError, PlatformErrorCode, isPlatformError } from '@app/platforms/platform-error';

export interface OperatorCreation {
  client: LiveHelperChatClient;
  connectorId: string;
  serviceUsername: string;
  departments: number[];
  userGroups: number[];
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
 * POST /restapi/user for each operator (§2.3: username, password, e-mail, name and a user group
 * are required). The username comes from the operator key and LHC keeps usernames unique, so a
 * repeated create is refused instead of duplicated; after an unclear failure the user is looked up.
 */
export const createOperators = async (
  params: OperatorCreation,
  operators: DesiredOperator[],
): Promise<CreateOperatorsResult> => {
  const result: CreateOperatorsResult = { created: [], failed: [] };
  for (const operator of operators) {
    try {
      const account = await createOne(params, operator);
      result.created.push({ key: operator.key, remote: toRemoteOperator(account, params.serviceUsername) });
    } catch (error) {
      result.failed.push({ key: operator.key, error: asPlatformError(error, params.connectorId) });
    }
  }
  return result;
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
    const unclear = isPlatformError(error) && error.transient;
    const exists = isPlatformError(error) && LHC_USER_EXISTS_MESSAGE.test(error.message);
    if (!unclear && !exists) {
      throw error;
    }
    // The create may have been applied before the failure (or by an earlier run): adopt that user.
    const existing = await findByUsername(params.client, username);
    if (existing && existing.email.toLowerCase() === email.toLowerCase()) {
      return existing;
    }
    if (exists) {
      throw rejected(
        params.connectorId,
        `LHC username "${username}" belongs to another user (${existing?.id})`,
      );
    }
    return params.client.createUser({ ...body, password: generatePassword() });
  }
};

// getusers filters `username` with LIKE (§2.1); MySQL compares usernames without case.
const findByUsername = async (
  client: LiveHelperChatClient,
  username: string,
): Promise<LhcAccount | undefined> =>
  (await client.getUsers({ username })).find((u) => u.username.toLowerCase() === username.toLowerCase());

const rejected = (connectorId: string, message: string): PlatformError =>
  new PlatformError({ code: PlatformErrorCode.REJECTED, connectorId, message });

const asPlatformError = (error: unknown, connectorId: string): PlatformError =>
  isPlatformError(error)
    ? error
    : new PlatformError({
        code: PlatformErrorCode.TEMPORARY,
        connectorId,
        message: error instanceof Error ? error.message : String(error),
      });
