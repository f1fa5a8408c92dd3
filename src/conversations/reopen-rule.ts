import type { ConversationStatus, ReopenPolicy } from '@app/platforms/chat-platform.adapter';

export interface ReopenFacts {
  /** The conversation's status now (from the event or the listing). */
  status: ConversationStatus;
  /** What chat-bridge last knew before this (stored state or the event's changed_attributes). */
  previousStatus?: ConversationStatus | null;
  inboxId?: string;
  assigneeType?: string | null;
  agentReplied?: boolean;
  lastMessageIncoming?: boolean;
}

/**
 * Pure: is this a resolved conversation the customer reopened that Chatwoot left `pending`?
 * Bot-held conversations are the bot's business; `reopenedStatus: keep` turns the rule off.
 */
export const shouldReopen = (facts: ReopenFacts, policy: ReopenPolicy): boolean => {
  if (policy.reopenedStatus === 'keep' || facts.status !== 'pending') {
    return false;
  }
  if (!policy.inboxes.some((inbox) => String(inbox) === facts.inboxId)) {
    return false;
  }
  if (facts.assigneeType === 'AgentBot') {
    return false;
  }
  // Seen resolved before; or (the sweep's reading, when the webhook was lost) an agent had
  // answered and the customer spoke last.
  return (
    facts.previousStatus === 'resolved' || (facts.agentReplied === true && facts.lastMessageIncoming === true)
  );
};
