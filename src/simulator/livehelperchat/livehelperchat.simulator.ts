import { findSharedSpec, openApiRequestValidator } from '@app/simulator/framework/openapi-validator';
import { jsonResponse } from '@app/simulator/framework/sim-response';
import { SimulatorServer } from '@app/simulator/framework/simulator-server';
import type {
  HttpMethod,
  RequestValidator,
  RouteHandler,
  SimRequest,
  SimResponse,
} from '@app/simulator/framework/simulator.types';
import { type AutoAssignResult, autoAssign, runWorkflow } from '@app/simulator/livehelperchat/lhc-assignment';
import { lhcAuthGuard } from '@app/simulator/livehelperchat/lhc-auth.guard';
import { registerLhcControlRoutes } from '@app/simulator/livehelperchat/lhc-control.routes';
import { applySeed } from '@app/simulator/livehelperchat/lhc-seed';
import { LhcState, bit } from '@app/simulator/livehelperchat/lhc-state';
import * as chats from '@app/simulator/livehelperchat/lhc-chat.handlers';
import * as status from '@app/simulator/livehelperchat/lhc-status.handlers';
import * as users from '@app/simulator/livehelperchat/lhc-user.handlers';
import { type LhcWebhookDelivery, LhcWebhookSender } from '@app/simulator/livehelperchat/lhc-webhook.sender';
import {
  LHC_ROUTES,
  type LhcRouteKey,
  type LhcSeed,
  type LhcSimChat,
  type LhcSimDepartment,
  type LhcSimMessage,
  type LhcSimUser,
  type LhcSimUserDep,
  type LhcSimulatorOptions,
  type LhcWebhookTarget,
} from '@app/simulator/livehelperchat/lhc.types';

type Handler = (ctx: users.LhcHandlerContext, req: SimRequest) => SimResponse;

/**
 * The official Swagger 2.0 description (shared/specs). Both `/restapi/…` and `/index.php/restapi/…`
 * are served, so the path is checked without the `/index.php` base.
 */
export const lhcSpecValidator = (): RequestValidator => {
  const spec = findSharedSpec('livehelperchat-swagger.json');
  if (!spec) {
    throw new Error(
      'shared/specs/livehelperchat-swagger.json not found: place it beside the repository or pass validateWithSpec: false',
    );
  }
  const validate = openApiRequestValidator(spec, { apiRoot: '/' });
  return (req) => validate({ ...req, path: req.path.replace(/^\/index\.php(?=\/)/, '') });
};

/**
 * LiveHelperChat's REST subset chat-bridge uses, with its quirks (-):
 * `200` + `error: true`, a per-department copy of the exclusion flags that only a PUT carrying
 * `departments` refreshes, set-only `always_on`, activity-based online, password echoes, and
 * auto-assignment by the rules. Webhooks are posted synchronously, like LHC's `http` worker.
 */
export class LiveHelperChatSimulator extends SimulatorServer {
  private readonly state: LhcState;
  private readonly ctx: users.LhcHandlerContext;
  private readonly nowMs: () => number;
  private webhooks?: { sender: LhcWebhookSender; saveAnswers: boolean };
  private readonly deliveries: LhcWebhookDelivery[] = [];

  constructor(options: LhcSimulatorOptions = {}) {
    const validator =
      options.validator ?? (options.validateWithSpec === false ? undefined : lhcSpecValidator());
    super({ ...options, validator });
    this.nowMs = options.now ?? Date.now;
    this.state = new LhcState(() => Math.floor(this.nowMs() / 1000), options.onlineTimeoutSeconds ?? 300);
    this.ctx = {
      state: this.state,
      views: { numbersAsStrings: options.numbersAsStrings ?? false },
      passwordMinLength: options.passwordMinLength ?? 8,
    };
    this.lhc(LHC_ROUTES.getUsers, users.getUsers, 200);
    this.lhc(LHC_ROUTES.getUser, users.getUser);
    this.lhc(LHC_ROUTES.createUser, users.writeUser, 400, true);
    this.lhc(LHC_ROUTES.updateUser, users.writeUser, 400, true);
    this.lhc(LHC_ROUTES.deleteUser, users.deleteUser, 400, true);
    this.lhc(LHC_ROUTES.userDepartments, users.userDepartments);
    this.lhc(LHC_ROUTES.setOnlineStatus, status.setOnlineStatus, 200, true);
    this.lhc(LHC_ROUTES.updateLastActivity, status.updateLastActivity);
    this.lhc(LHC_ROUTES.onlineUsers, status.onlineUsers);
    this.lhc(LHC_ROUTES.departments, status.departments);
    this.lhc(LHC_ROUTES.setChatStatus, chats.setChatStatus, 400, true);
    this.lhc(LHC_ROUTES.chats, chats.chats, 200);
    registerLhcControlRoutes(this, (method, path, handler) => this.controlRoute(method, path, handler));
  }

  seed(seed: LhcSeed): void {
    applySeed(this.state, seed);
    this.state.events.length = 0;
  }

  /** Back to empty tables, counters, faults and webhook history; webhooks are switched off. */
  reset(): void {
    this.state.reset();
    this.webhooks = undefined;
    this.deliveries.length = 0;
    this.resetCounters();
    this.clearFaults();
  }

  /** LHC's webhooks, as configured in the back office; undefined switches them off. */
  configureWebhooks(target: LhcWebhookTarget | undefined): void {
    this.webhooks = target && {
      sender: new LhcWebhookSender({ ...target, now: this.nowMs, history: this.deliveries }),
      saveAnswers: target.doNotSaveResponse !== true,
    };
  }

  /** Every webhook delivery attempted, oldest first. */
  webhookDeliveries(): LhcWebhookDelivery[] {
    return structuredClone(this.deliveries);
  }

  users(): LhcSimUser[] {
    return [...this.state.users.values()].map((u) => structuredClone(u));
  }

  user(id: number): LhcSimUser | undefined {
    const user = this.state.users.get(id);
    return user && structuredClone(user);
  }

  userByUsername(username: string): LhcSimUser | undefined {
    const user = this.state.findByUsername(username);
    return user && structuredClone(user);
  }

  /** The whole truth of lh_userdep (type and exclude_autoasign included), which REST never shows. */
  departmentRows(userId?: number): LhcSimUserDep[] {
    return this.state.rowsOf(userId).map((r) => ({ ...r }));
  }

  departments(): LhcSimDepartment[] {
    return [...this.state.departments.values()].map((d) => ({ ...d }));
  }

  chat(id: number): LhcSimChat | undefined {
    const chat = this.state.chats.get(id);
    return chat && { ...chat };
  }

  /** The chat's messages, oldest first (system -1, bot -2, visitor 0, operators by id). */
  messages(chatId: number): LhcSimMessage[] {
    return this.state.messages.filter((m) => m.chat_id === chatId).map((m) => ({ ...m }));
  }

  /** A new pending chat in the department, as the widget starts one; returns its id. */
  startChat(depId: number, nick = 'Visitor'): number {
    applySeed(this.state, { chats: [{ depId, nick }] });
    return Math.max(...this.state.chats.keys());
  }

  /** Runs LHC's auto-assignment for one chat and delivers chat.data_changed_auto_assign. */
  async autoAssign(chatId: number): Promise<AutoAssignResult> {
    const result = autoAssign(this.state, chatId);
    await this.flushEvents();
    return result;
  }

  /**
   * One pass of LHC's workflow cron (`cron.php -c cron/workflow`): every pending chat, oldest
   * first, goes through auto-assignment, so a chat handed back to the queue is assigned again.
   */
  async runWorkflow(): Promise<Array<{ chatId: number } & AutoAssignResult>> {
    const results = runWorkflow(this.state);
    await this.flushEvents();
    return results;
  }

  /** Back-office activity (the UI syncs every ~20 s): online for the next online_timeout. */
  touch(userId: number): void {
    this.state.touch(userId);
  }

  /** The operator's own toggle in the back office: reason `user_action`. */
  async operatorSetsOnline(userId: number, online: boolean): Promise<void> {
    const user = this.requireUser(userId);
    user.hide_online = bit(!online);
    this.state.pushHideOnline(user);
    this.state.emit({ name: 'chat.operator_status_changed', user: { ...user }, reason: 'user_action' });
    await this.flushEvents();
  }

  async operatorSetsInvisible(userId: number, invisible: boolean): Promise<void> {
    const user = this.requireUser(userId);
    user.invisible_mode = bit(invisible);
    this.state.emit({ name: 'chat.operator_visibility_changed', user: { ...user }, reason: 'user_action' });
    await this.flushEvents();
  }

  /** The back-office editor: writes exclude_autoasign into every row, group rows included. */
  async editUserInBackOffice(userId: number, changes: { excludeAutoassign?: boolean; name?: string }) {
    const user = this.requireUser(userId);
    if (changes.excludeAutoassign !== undefined) {
      user.exclude_autoasign = bit(changes.excludeAutoassign);
      this.state.rowsOf(userId).forEach((r) => (r.exclude_autoasign = user.exclude_autoasign));
    }
    user.name = changes.name ?? user.name;
    this.state.emit({ name: 'user.user_modified', userData: { ...user } });
    await this.flushEvents();
  }

  /**
   * Department rows changed where REST cannot see (SQL, a department re-saved, a group row): the
   * user record is left alone, so `onlineusers` and the user GET still read as before.
   */
  editDepartmentRows(userId: number, changes: Partial<Pick<LhcSimUserDep, 'exclude_autoasign'>>): void {
    this.state.rowsOf(userId).forEach((row) => Object.assign(row, changes));
  }

  protected override errorResponse(status: number, message: string): SimResponse {
    return jsonResponse({ error: true, result: message }, status);
  }

  private lhc(key: LhcRouteKey, handler: Handler, errorStatus: 200 | 400 = 400, write = false): void {
    const [method, path] = key.split(' ') as [HttpMethod, string];
    const routeHandler: RouteHandler = async (req) => {
      const response = handler(this.ctx, req);
      await this.flushEvents();
      return response;
    };
    this.route(method, path, routeHandler, { guard: lhcAuthGuard(this.state, errorStatus), write });
  }

  private requireUser(userId: number): LhcSimUser {
    const user = this.state.users.get(userId);
    if (!user) {
      throw new Error(`no LHC user ${userId}`);
    }
    return user;
  }

  // The `http` worker runs hooks inside the request that raised them; failures are simply lost.
  // A non-empty answer to a chat event lands in that chat as a bot message, unless "Do not save
  // response" is ticked (lhgenericbotactionrestapi.php: `$response['content'] != ''`).
  private async flushEvents(): Promise<void> {
    const events = this.state.events.splice(0);
    const hooks = this.webhooks;
    for (const event of hooks ? events : []) {
      // Recorded in the history either way.
      const answer = await hooks!.sender.dispatch(event).catch(() => undefined);
      if (answer && answer.body !== '' && hooks!.saveAnswers && 'chat' in event) {
        this.state.addMessage(event.chat.id, -2, answer.body);
      }
    }
  }
}
