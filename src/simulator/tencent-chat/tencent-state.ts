import type {
  TencentAccount,
  TencentDeskMember,
  TencentDeskStatus,
  TencentOnlineState,
  TencentSeed,
} from '@app/simulator/tencent-chat/tencent.types';

const NICK_TAG = 'Tag_Profile_IM_Nick';

/** IM accounts (with profile, online state, kick count) and Desk members held by the simulator. */
export class TencentState {
  private readonly accounts = new Map<string, TencentAccount>();
  private readonly members = new Map<string, TencentDeskMember>();

  seed(seed: TencentSeed): void {
    for (const { userId, nick, state } of seed.accounts ?? []) {
      this.import(userId);
      this.setOnlineState(userId, state ?? 'Offline');
      if (nick !== undefined) {
        this.setProfile(userId, NICK_TAG, nick);
      }
    }
    for (const { email, status, restReason } of seed.deskMembers ?? []) {
      this.members.set(email, { email, status: status ?? 'STATUS_NOT_READY', restReason });
    }
  }

  reset(): void {
    this.accounts.clear();
    this.members.clear();
  }

  has(userId: string): boolean {
    return this.accounts.has(userId);
  }

  account(userId: string): TencentAccount | undefined {
    const account = this.accounts.get(userId);
    return account && copy(account);
  }

  accountList(): TencentAccount[] {
    return [...this.accounts.values()].map(copy);
  }

  /** Idempotent, as account_import is: an existing account is left as it is. */
  import(userId: string): void {
    if (!this.accounts.has(userId)) {
      this.accounts.set(userId, { userId, state: 'Offline', kicks: 0, profile: {} });
    }
  }

  delete(userId: string): boolean {
    return this.accounts.delete(userId);
  }

  setProfile(userId: string, tag: string, value: unknown): boolean {
    const account = this.accounts.get(userId);
    if (!account) {
      return false;
    }
    account.profile[tag] = value;
    if (tag === NICK_TAG) {
      account.nick = String(value);
    }
    return true;
  }

  /** The old login stops working, so the account goes Offline until it logs in again. */
  kick(userId: string): boolean {
    const account = this.accounts.get(userId);
    if (!account) {
      return false;
    }
    account.kicks += 1;
    account.state = 'Offline';
    return true;
  }

  setOnlineState(userId: string, state: TencentOnlineState): void {
    const account = this.accounts.get(userId);
    if (!account) {
      throw new Error(`no account ${userId}`);
    }
    account.state = state;
  }

  member(email: string): TencentDeskMember | undefined {
    const member = this.members.get(email);
    return member && { ...member };
  }

  memberList(): TencentDeskMember[] {
    return [...this.members.values()].map((member) => ({ ...member }));
  }

  setMemberStatus(email: string, status: TencentDeskStatus, restReason?: string): boolean {
    const member = this.members.get(email);
    if (!member) {
      return false;
    }
    member.status = status;
    member.restReason = status === 'STATUS_REST' ? restReason : undefined;
    return true;
  }
}

const copy = (account: TencentAccount): TencentAccount => ({ ...account, profile: { ...account.profile } });
