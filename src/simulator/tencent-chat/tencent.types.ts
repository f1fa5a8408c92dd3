import type { SimulatorOptions } from '@app/simulator/framework/simulator.types';

/** `PushOnline`: the mobile process was killed but push still reaches it. */
export type TencentOnlineState = 'Online' | 'PushOnline' | 'Offline';

export const TENCENT_DESK_STATUSES = ['STATUS_FREE', 'STATUS_NOT_READY', 'STATUS_REST'] as const;
export type TencentDeskStatus = (typeof TENCENT_DESK_STATUSES)[number];

/** Trial apps may delete accounts; Pro and Flagship apps answer 71000. */
export type TencentEdition = 'trial' | 'pro';

/** Snapshot of one IM account. */
export interface TencentAccount {
  userId: string;
  nick?: string;
  state: TencentOnlineState;
  /** `kick` calls received for this account. */
  kicks: number;
  /** Every profile tag set so far (`Tag_Profile_IM_Nick` included). */
  profile: Record<string, unknown>;
}

/** Snapshot of one Desk member, keyed by e-mail. */
export interface TencentDeskMember {
  email: string;
  status: TencentDeskStatus;
  restReason?: string;
}

export interface TencentSeed {
  /** `state` defaults to Offline. */
  accounts?: Array<{ userId: string; nick?: string; state?: TencentOnlineState }>;
  /** `status` defaults to STATUS_NOT_READY. */
  deskMembers?: Array<{ email: string; status?: TencentDeskStatus; restReason?: string }>;
}

export interface TencentSimulatorOptions extends SimulatorOptions {
  sdkAppId: number;
  /** The console secret key: every UserSig received is verified with it. */
  secretKey: string;
  /** App admin accounts (set in the console only). Default `['administrator']`. */
  admins?: string[];
  /** Default 'trial'. */
  edition?: TencentEdition;
  /** The app has Desk; without it desk_http_svc answers 141000. Default false. */
  desk?: boolean;
  /** RestReasons configured in Desk; any other one is refused with 141004. */
  restReasons?: string[];
  /** query_online_status field name: the docs' example says `State`, the table `Status`. */
  onlineStatusField?: 'State' | 'Status';
  /** Clock for UserSig expiry, in ms. */
  now?: () => number;
}

/** Arms an error code for the next `times` calls of a route, answered inside the 200 envelope. */
export interface TencentErrorInjection {
  route: TencentRouteKey | '*';
  code: number;
  times?: number | 'always';
  info?: string;
  /** 'after': the call takes effect and still answers the error. Default 'before'. */
  phase?: 'before' | 'after';
}

export const TENCENT_ROUTES = {
  accountImport: 'POST /v4/im_open_login_svc/account_import',
  multiaccountImport: 'POST /v4/im_open_login_svc/multiaccount_import',
  accountCheck: 'POST /v4/im_open_login_svc/account_check',
  accountDelete: 'POST /v4/im_open_login_svc/account_delete',
  kick: 'POST /v4/im_open_login_svc/kick',
  queryOnlineStatus: 'POST /v4/openim/query_online_status',
  portraitSet: 'POST /v4/profile/portrait_set',
  portraitGet: 'POST /v4/profile/portrait_get',
  setMemberStatus: 'POST /v4/desk_http_svc/set_member_status',
} as const;

export type TencentRouteKey = (typeof TENCENT_ROUTES)[keyof typeof TENCENT_ROUTES];
