import { computeCallbackSign } from '@app/platforms/tencent-chat/tencent-callback-sign';

import { CREDENTIALS } from './bench-platforms';

const { sdkAppId, callbackToken } = CREDENTIALS.tencent;

export type CallbackKind = 'State.StateChange' | 'ChatBot.OnAssignAgent';

/**
 * The path of a signed Tencent callback to the `tencent` connector. `Sign` covers the token and
 * RequestTime, which the daemon accepts within ±60 s, so it is signed afresh every second.
 */
export class CallbackPaths {
  private second = -1;
  private paths = new Map<CallbackKind, string>();

  path(kind: CallbackKind): string {
    const now = Math.floor(Date.now() / 1000);
    if (now !== this.second) {
      this.second = now;
      this.paths.clear();
    }
    let path = this.paths.get(kind);
    if (path === undefined) {
      const time = String(now);
      const sign = computeCallbackSign(callbackToken, time);
      path = `/webhooks/tencent?SdkAppid=${sdkAppId}&CallbackCommand=${kind}&contenttype=json&Sign=${sign}&RequestTime=${time}`;
      this.paths.set(kind, path);
    }
    return path;
  }
}

/** Unique bodies: every delivery is a new event to the daemon (none is a duplicate). */
export class CallbackBodies {
  private eventTime = Date.now();
  private session = 0;

  constructor(private readonly operators: number) {}

  stateChange(index: number, action: 'Login' | 'Logout'): string {
    return JSON.stringify({
      CallbackCommand: 'State.StateChange',
      EventTime: ++this.eventTime,
      Info: { Action: action, To_Account: `op${index % this.operators}`, Reason: 'Register' },
    });
  }

  assignAgent(): string {
    const session = ++this.session;
    return JSON.stringify({
      CallbackCommand: 'ChatBot.OnAssignAgent',
      SessionId: `s${session}`,
      ClientUserId: `c${session % 97}`,
      EventTime: Date.now(),
    });
  }
}
