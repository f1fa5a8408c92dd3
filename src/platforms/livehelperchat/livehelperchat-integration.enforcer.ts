import type { SettingChange } from '@app/platforms/chat-platform.adapter';
import type { LiveHelperChatClient } from '@app/platforms/livehelperchat/livehelperchat.client';
import { LiveHelperChatDepartmentRows } from '@app/platforms/livehelperchat/livehelperchat-department-rows';
import {
  RESENT_FIELD,
  isRefusal,
  sendExclusion,
} from '@app/platforms/livehelperchat/livehelperchat-exclusion';
import {
  LHC_CHAT_STATUS_ACTIVE,
  LHC_CHAT_STATUS_PENDING,
} from '@app/platforms/livehelperchat/livehelperchat.options';
import type { LhcChatInfo } from '@app/platforms/livehelperchat/livehelperchat.types';

/** An account that must never be auto-assigned: a directory integration operator or the connector's own. */
export interface IntegrationAccount {
  /** The directory key, or a label naming an account that is not in the directory. */
  operatorKey: string | null;
  remoteId: string;
}

export interface EnforcerParams {
  /** `options.reassertIntegrationEvery`: the period of the blind re-send. */
  reassertEveryMs: number;
  now?: () => number;
}

export const ALWAYS_ON_FIX =
  'LHC back office: Users → edit the account → untick "Always online" and save (REST can set always_on but never clear it)';

type Resend = 'never' | 'due' | 'now';

/**
 * Keeps integration accounts out of auto-assignment. What `lh_users` shows is repaired
 * on every run. What it cannot show (the per-department rows) is re-sent blind: at once when a
 * chat landed on the account (the evidence), and on scheduled runs every `reassertEveryMs`, an
 * audited write a quiet run may make. Chats the accounts own are handed back to the queue after
 * the exclusion, so LHC's next workflow cycle cannot give them straight back. Never sends
 * `update_activity` and never touches `always_on`.
 */
export class LiveHelperChatIntegrationEnforcer {
  /** When the exclusion last reached each account's rows (this process; the daemon is long-lived). */
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly client: LiveHelperChatClient,
    private readonly params: EnforcerParams,
  ) {}

  async enforce(
    accounts: IntegrationAccount[],
    options: { dryRun: boolean; scheduled: boolean },
  ): Promise<SettingChange[]> {
    const rows = new LiveHelperChatDepartmentRows(this.client);
    const { owned, changes } = await this.ownedChats(accounts);
    for (const account of accounts) {
      const chats = owned.filter((c) => c.ownerId === account.remoteId);
      const resend: Resend =
        chats.length > 0 ? 'now' : options.scheduled && !options.dryRun ? 'due' : 'never';
      changes.push(...(await this.enforceOne(account, rows, { dryRun: options.dryRun, resend })));
      changes.push(...(await this.handBack(account, chats, options.dryRun)));
    }
    return changes;
  }

  /** A chat landed on the account: its exclusion is re-sent now, whatever it reads as. */
  reexclude(account: IntegrationAccount): Promise<SettingChange[]> {
    const rows = new LiveHelperChatDepartmentRows(this.client);
    return this.enforceOne(account, rows, { dryRun: false, resend: 'now' });
  }

  private async enforceOne(
    { operatorKey, remoteId }: IntegrationAccount,
    rows: LiveHelperChatDepartmentRows,
    options: { dryRun: boolean; resend: Resend },
  ): Promise<SettingChange[]> {
    const change = (field: string, before: SettingChange['before']): SettingChange => ({
      operatorKey,
      field,
      before,
      after: 1,
      outcome: 'planned',
    });
    const user = await this.client.findUser(remoteId);
    if (!user) {
      return [
        { ...change('account', null), outcome: 'failed', error: `LHC user ${remoteId} does not exist` },
      ];
    }
    // Disabled users have no lh_userdep rows at all (moved to lh_userdep_disabled).
    if (user.disabled) {
      return [];
    }
    const before = await rows.of(user);
    const found: SettingChange[] = user.alwaysOn
      ? [{ operatorKey, field: 'always_on', before: 1, after: 0, outcome: 'failed', error: ALWAYS_ON_FIX }]
      : [];
    const offlineEverywhere = user.hideOnline && [...before.values()].every((r) => r.hideOnline);
    const visible = [
      ...(user.excludeAutoassign ? [] : [change('exclude_autoasign', 0)]),
      ...(offlineEverywhere ? [] : [change('hide_online', 0)]),
    ];
    // Only rows REST cannot read make a blind re-send worth it; `null`: the rows' value is unknown.
    const blind = before.size > 0 && this.wants(remoteId, options.resend) ? [change(RESENT_FIELD, null)] : [];
    const planned = visible.length > 0 ? visible : blind;
    if (planned.length === 0 || options.dryRun) {
      return [...found, ...planned];
    }
    const sent = await sendExclusion(this.client, rows, { user, before, planned });
    if (sent.some((c) => c.outcome === 'applied')) {
      this.lastSent.set(remoteId, this.now());
    }
    return [...found, ...sent];
  }

  /** One listing for every account (no `user_ids` at all would list every chat). */
  private async ownedChats(
    accounts: IntegrationAccount[],
  ): Promise<{ owned: LhcChatInfo[]; changes: SettingChange[] }> {
    if (accounts.length === 0) {
      return { owned: [], changes: [] };
    }
    const statuses = [LHC_CHAT_STATUS_PENDING, LHC_CHAT_STATUS_ACTIVE];
    try {
      return {
        owned: await this.client.chatsOwnedBy(
          accounts.map((a) => a.remoteId),
          statuses,
        ),
        changes: [],
      };
    } catch (error) {
      if (!isRefusal(error)) {
        throw error;
      }
      const failed: SettingChange = {
        operatorKey: null,
        field: 'chat.owner',
        before: null,
        after: null,
        outcome: 'failed',
        error: `the chats of integration accounts could not be listed (${error.message}); the API user needs the permission lhchat/use and "All departments"`,
      };
      return { owned: [], changes: [failed] };
    }
  }

  private wants(remoteId: string, resend: Resend): boolean {
    if (resend !== 'due') {
      return resend === 'now';
    }
    const last = this.lastSent.get(remoteId);
    return last === undefined || this.now() - last >= this.params.reassertEveryMs;
  }

  // After the exclusion: a chat handed back first could be given straight back by the workflow.
  private async handBack(
    { operatorKey, remoteId }: IntegrationAccount,
    chats: LhcChatInfo[],
    dryRun: boolean,
  ): Promise<SettingChange[]> {
    const changes: SettingChange[] = [];
    for (const chat of chats) {
      const planned: SettingChange = {
        operatorKey,
        field: 'chat.owner',
        before: { chatId: chat.id, owner: remoteId },
        after: { chatId: chat.id, status: 'pending' },
        outcome: 'planned',
      };
      if (dryRun) {
        changes.push(planned);
        continue;
      }
      try {
        await this.client.setChatStatus(chat.id, LHC_CHAT_STATUS_PENDING);
        changes.push({ ...planned, outcome: 'applied' });
      } catch (error) {
        if (!isRefusal(error)) {
          throw error;
        }
        changes.push({ ...planned, outcome: 'failed', error: error.message });
      }
    }
    return changes;
  }

  private now(): number {
    return (this.params.now ?? Date.now)();
  }
}
