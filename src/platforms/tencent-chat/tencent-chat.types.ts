/** Raw Tencent Cloud Chat shapes, as its REST API and callbacks send them. They never leave this folder. */

/** Every REST answer, HTTP 200 or not: success or failure is in the body. */
export interface TencentEnvelope {
  ActionStatus: 'OK' | 'FAIL';
  ErrorCode: number;
  ErrorInfo: string;
  ErrorDisplay?: string;
}

export type TencentResponse = TencentEnvelope & Record<string, unknown>;

export interface AccountCheckItem {
  UserID: string;
  ResultCode: number;
  ResultInfo?: string;
  AccountStatus?: 'Imported' | 'NotImported';
}

export interface AccountDeleteItem {
  UserID: string;
  ResultCode: number;
  ResultInfo?: string;
}

export interface ProfileItem {
  Tag: string;
  Value: unknown;
}

export interface UserProfileItem {
  To_Account: string;
  ProfileItem?: ProfileItem[];
  ResultCode?: number;
  ResultInfo?: string;
}

/** `PushOnline`: a killed mobile process that can still receive push. */
export type TencentOnlineState = 'Online' | 'PushOnline' | 'Offline';

/** The example answer names the field `State`, the field table `Status`: both are read. */
export interface OnlineStatusItem {
  To_Account: string;
  State?: TencentOnlineState;
  Status?: TencentOnlineState;
  Detail?: Array<{ Platform: string; Status: string }>;
}

export interface OnlineStatusError {
  To_Account: string;
  ErrorCode: number;
}

export type DeskMemberStatus = 'STATUS_FREE' | 'STATUS_NOT_READY' | 'STATUS_REST';

/** Per-account outcome of a batch call; `code` 0 is success. */
export interface TencentItemResult {
  userId: string;
  code: number;
  info?: string;
}

export type TencentCallbackCommand =
  'State.StateChange' | 'ChatBot.OnAssignAgent' | 'ChatBot.OnAssignHuman' | 'Desk.SessionEventNotify';

export interface StateChangeCallback {
  CallbackCommand: 'State.StateChange';
  EventTime: number;
  Info: { Action: 'Login' | 'Logout' | 'Disconnect'; To_Account: string; Reason?: string };
  KickedDevice?: Array<{ Platform: string }>;
}

/** `ChatBot.OnAssignAgent` (Chat doc 1047/63270) or `ChatBot.OnAssignHuman` (CCC 1229/68988). */
export interface AssignAgentCallback {
  CallbackCommand: 'ChatBot.OnAssignAgent' | 'ChatBot.OnAssignHuman';
  SessionId: string;
  ClientUserId?: string | number;
  CustomerServiceId?: string;
  EventTime?: number;
}

export interface SessionEventCallback {
  CallbackCommand: 'Desk.SessionEventNotify';
  SessionId: string;
  Event: string;
  EventTime?: number;
  ClientUserId?: string | number;
  AgentId?: string;
  ChannelType?: string;
}
