/**
 * The body templates an LHC admin pastes into the bot "Rest API" action (raw JSON body), one per
 * webhook event; docs/livehelperchat.md shows them verbatim and a spec keeps the two equal.
 * `{{args.…}}` is replaced by the JSON-encoded value and `{{timestamp}}` by Unix seconds.
 * They name single fields only: `{{args.user}}` or `{{args.userData}}` whole would carry the
 * password hash, and user events the plaintext password.
 */
export const LHC_WEBHOOK_TEMPLATES = {
  operatorStatus:
    '{"event": {{args.lhc_event}}, "user_id": {{args.user.id}}, "hide_online": {{args.user.hide_online}}, "invisible_mode": {{args.user.invisible_mode}}, "reason": {{args.reason}}, "ts": {{timestamp}}}',
  operatorChanged: '{"event": {{args.lhc_event}}, "user_id": {{args.userData.id}}, "ts": {{timestamp}}}',
  autoAssigned:
    '{"event": {{args.lhc_event}}, "chat_id": {{args.chat.id}}, "user_id": {{args.chat.user_id}}, "dep_id": {{args.chat.dep_id}}, "tslasign": {{args.chat.tslasign}}, "ts": {{timestamp}}}',
} as const;

export type LhcWebhookTemplate = keyof typeof LHC_WEBHOOK_TEMPLATES;

/** Which template each hooked event uses. */
export const LHC_WEBHOOK_EVENTS = {
  'chat.operator_status_changed': 'operatorStatus',
  'chat.operator_visibility_changed': 'operatorStatus',
  'user.user_created': 'operatorChanged',
  'user.user_modified': 'operatorChanged',
  'chat.data_changed_auto_assign': 'autoAssigned',
} as const satisfies Record<string, LhcWebhookTemplate>;

export type LhcWebhookEvent = keyof typeof LHC_WEBHOOK_EVENTS;
