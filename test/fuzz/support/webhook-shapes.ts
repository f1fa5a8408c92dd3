import fc from 'fast-check';

import { JsonEntries, RelTime } from './hostile-json';
import { headerValue } from './hostile-requests';
import { hostileString, hostileTimestamp, hostileValue, mostly } from './hostile-values';

/**
 * Realistic webhook bodies of each platform (fc.record over the fields the parsers read), each
 * field mutated now and then: most inputs get past "is it JSON" and "which event" and reach the
 * code that turns ids and times into stored events.
 */

// Realistic times are offsets from the moment of sending (RelTime): fresh enough for the windows
// (LHC: ts within 300 s), now and then older, and identical inputs from run to run.
const MONTH_S = 86_400 * 30;
const offset = fc.oneof(
  { arbitrary: fc.integer({ min: -250, max: 0 }), weight: 4 },
  { arbitrary: fc.integer({ min: -MONTH_S, max: -301 }), weight: 1 },
);
const seconds = offset.map((s) => new RelTime(s, 's'));
const millis = offset.map((s) => new RelTime(s, 'ms'));
const isoTime = offset.map((s) => new RelTime(s, 'iso'));
const fractional = offset.map((s) => new RelTime(s, 's-frac'));
const smallId = fc.integer({ min: 1, max: 100_000 });

const timestampIn = (realistic: fc.Arbitrary<unknown>) => mostly(realistic, hostileTimestamp);
const idIn = (realistic: fc.Arbitrary<unknown>) =>
  mostly(realistic, fc.oneof(hostileTimestamp, hostileString, hostileValue));

/** Adds a prototype-looking or repeated key to an object now and then. */
const withOddKeys = (body: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { arbitrary: body, weight: 9 },
    {
      arbitrary: fc
        .tuple(
          body,
          fc.constantFrom('__proto__', 'constructor', 'event', 'CallbackCommand', 'id'),
          hostileValue,
        )
        .map(([fields, key, value]) => new JsonEntries([...Object.entries(fields), [key, value]])),
      weight: 1,
    },
  );

// --- LiveHelperChat (docs/livehelperchat.md templates) -------------------------------

const LHC_EVENTS = [
  'chat.operator_status_changed',
  'chat.operator_visibility_changed',
  'user.user_created',
  'user.user_modified',
  'chat.data_changed_auto_assign',
];
const flag = fc.constantFrom<unknown>(0, 1, '0', '1', true, false, 'true', 'no');

export const lhcBody = withOddKeys(
  fc.record(
    {
      event: mostly(fc.constantFrom(...LHC_EVENTS)),
      user_id: idIn(fc.oneof(smallId, smallId.map(String))),
      chat_id: idIn(smallId),
      dep_id: idIn(smallId),
      hide_online: mostly(flag),
      invisible_mode: mostly(flag),
      reason: mostly(fc.constantFrom('user_action', 'restapi_action', 'rest_api', 'auto')),
      initiator: mostly(fc.constantFrom('user', 'restapi')),
      tslasign: timestampIn(seconds),
      ts: timestampIn(seconds),
    },
    { requiredKeys: ['event', 'user_id'] },
  ),
);

// --- Chatwoot account webhooks -------------------------------------------------------------

const CW_STATUSES = ['open', 'pending', 'resolved', 'snoozed'];
const cwStatus = mostly(fc.constantFrom(...CW_STATUSES));
const cwTime = timestampIn(fc.oneof(seconds, isoTime, fractional));
const cwMeta = mostly(fc.record({ assignee_type: mostly(fc.constantFrom('User', 'AgentBot')) }));

const cwConversation = fc.record(
  {
    event: mostly(
      fc.constantFrom('conversation_created', 'conversation_status_changed', 'conversation_updated'),
    ),
    id: idIn(smallId),
    status: cwStatus,
    inbox_id: idIn(fc.integer({ min: 1, max: 5 })),
    updated_at: cwTime,
    created_at: cwTime,
    timestamp: cwTime,
    changed_attributes: mostly(
      fc.oneof(
        fc.array(
          fc.record({ status: mostly(fc.record({ previous_value: cwStatus, current_value: cwStatus })) }),
          {
            maxLength: 3,
          },
        ),
        fc.record({ status: fc.record({ previous_value: cwStatus, current_value: cwStatus }) }),
      ),
    ),
    meta: cwMeta,
    messages: mostly(
      fc.array(
        fc.record({
          message_type: mostly(fc.constantFrom(0, 1, 2, 3)),
          private: mostly(fc.boolean()),
          content: mostly(fc.string({ maxLength: 20 })),
        }),
        { maxLength: 3 },
      ),
    ),
    first_reply_created_at: mostly(fc.option(seconds)),
    account: mostly(fc.record({ id: mostly(fc.constant(1)) })),
  },
  { requiredKeys: ['event', 'id', 'status'] },
);

const cwMessage = fc.record(
  {
    event: mostly(fc.constant('message_created')),
    id: idIn(smallId),
    conversation: mostly(
      fc.record({
        id: idIn(smallId),
        status: cwStatus,
        inbox_id: idIn(fc.integer({ min: 1, max: 5 })),
        meta: cwMeta,
        first_reply_created_at: mostly(fc.option(seconds)),
      }),
    ),
    message_type: mostly(fc.constantFrom('incoming', 'outgoing', 'activity', 'template', 0, 1, 2)),
    private: mostly(fc.boolean()),
    sender: mostly(fc.record({ type: mostly(fc.constantFrom('user', 'contact', 'agent_bot')), id: smallId })),
    created_at: cwTime,
    inbox: mostly(fc.record({ id: idIn(fc.integer({ min: 1, max: 5 })) })),
    account: mostly(fc.record({ id: mostly(fc.constant(1)) })),
  },
  { requiredKeys: ['event', 'id', 'conversation'] },
);

export const chatwootBody = withOddKeys(fc.oneof(cwConversation, cwMessage));

/** X-Chatwoot-Delivery: a UUID, absent, or hostile. */
export const chatwootDelivery: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.uuid(), weight: 3 },
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: headerValue, weight: 3 },
);

// --- Tencent Chat callbacks ------------------------------------------------------------------

const TENCENT_COMMANDS = [
  'State.StateChange',
  'ChatBot.OnAssignAgent',
  'ChatBot.OnAssignHuman',
  'Desk.SessionEventNotify',
  'C2C.CallbackAfterSendMsg',
];
const tencentUser = mostly(
  fc.oneof(
    fc.constantFrom('op_anna', 'op_john', 'customer-1'),
    smallId.map((n) => `u${n}`),
  ),
  hostileString,
);
const tencentTime = timestampIn(millis);

const tencentState = fc.record(
  {
    CallbackCommand: mostly(fc.constant('State.StateChange')),
    EventTime: tencentTime,
    Info: mostly(
      fc.record({
        Action: mostly(fc.constantFrom('Login', 'Logout', 'Disconnect', 'Kicked')),
        To_Account: tencentUser,
        Reason: mostly(fc.constantFrom('Register', 'Unregister', 'LinkClose', 'TimeOut')),
      }),
    ),
    KickedDevice: mostly(
      fc.array(fc.record({ Platform: mostly(fc.constantFrom('Web', 'iOS')) }), { maxLength: 2 }),
    ),
  },
  { requiredKeys: ['CallbackCommand', 'EventTime', 'Info'] },
);

const tencentAssign = fc.record(
  {
    CallbackCommand: mostly(fc.constantFrom('ChatBot.OnAssignAgent', 'ChatBot.OnAssignHuman')),
    SessionId: mostly(fc.uuid(), hostileString),
    ClientUserId: tencentUser,
    CustomerServiceId: mostly(fc.constantFrom('cs-1', 'cs-2')),
    EventTime: tencentTime,
  },
  { requiredKeys: ['CallbackCommand', 'SessionId'] },
);

const tencentSession = fc.record(
  {
    CallbackCommand: mostly(fc.constant('Desk.SessionEventNotify')),
    SessionId: mostly(fc.uuid(), hostileString),
    Event: mostly(fc.constantFrom('SessionBegin', 'SessionEnd', 'SessionTransfer'), hostileString),
    EventTime: tencentTime,
    ChannelType: mostly(fc.constantFrom('SDK', 'WeChat')),
    ClientUserId: tencentUser,
    AgentId: mostly(fc.constantFrom('anna@example.com', 'john@example.com'), hostileString),
  },
  { requiredKeys: ['CallbackCommand', 'SessionId', 'Event'] },
);

export const tencentBody = withOddKeys(fc.oneof(tencentState, tencentAssign, tencentSession));

/**
 * CallbackCommand in the query, which wins over the body's: usually the body's own command
 * (resolved when the request is built), sometimes absent, another one, or hostile.
 */
export type QueryCommand = { same: true } | { none: true } | { value: string };
export const tencentQueryCommand: fc.Arbitrary<QueryCommand> = fc.oneof(
  { arbitrary: fc.constant<QueryCommand>({ same: true }), weight: 6 },
  { arbitrary: fc.constant<QueryCommand>({ none: true }), weight: 2 },
  {
    arbitrary: fc
      .oneof(fc.constantFrom(...TENCENT_COMMANDS), hostileString)
      .map((value): QueryCommand => ({ value })),
    weight: 2,
  },
);

/** The rest of the query Tencent adds besides the signature. */
export const tencentQuery = fc.record(
  {
    RequestID: mostly(fc.uuid(), fc.oneof(hostileString, headerValue)),
    contenttype: mostly(fc.constant('json'), hostileString),
    ClientIP: mostly(fc.constant('127.0.0.1'), hostileString),
    OptPlatform: mostly(fc.constantFrom('RESTAPI', 'Web'), hostileString),
  },
  { requiredKeys: [] },
);
