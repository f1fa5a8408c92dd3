import {
  parseAgentBot,
  parseAgents,
  toRemoteConversation,
  toRemoteOperator,
} from '@app/platforms/chatwoot/chatwoot.mapper';
import type { ChatwootAgent } from '@app/platforms/chatwoot/chatwoot.types';
import { PlatformErrorCode } from '@app/core/platform-error';

const agent = (overrides: Partial<ChatwootAgent> = {}): ChatwootAgent => ({
  id: 7,
  availability_status: 'online',
  auto_offline: false,
  email: 'anna@example.com',
  name: 'Anna',
  role: 'agent',
  ...overrides,
});
const WHERE = { connectorId: 'chatwoot', route: 'GET /agents' };

describe('chatwoot.mapper', () => {
  describe(toRemoteOperator.name, () => {
    it.each([
      ['online, no link', {}, undefined, 'active'],
      ['held offline, no link', { availability_status: 'offline' }, undefined, 'inactive'],
      [
        'held offline, linked active (a person who chose offline)',
        { availability_status: 'offline' },
        'active',
        'active',
      ],
      ['held offline, linked inactive', { availability_status: 'offline' }, 'inactive', 'inactive'],
      ['back online, linked inactive (to deactivate again)', {}, 'inactive', 'active'],
      [
        'auto-offline offline, linked inactive',
        { availability_status: 'offline', auto_offline: true },
        'inactive',
        'active',
      ],
    ] as const)('should read %s as %s', (_case, overrides, link, status) => {
      expect(toRemoteOperator(agent(overrides), link).status).toBe(status);
    });

    it('should flag offline as weak when auto_offline decides it', () => {
      expect(toRemoteOperator(agent({ availability_status: 'offline', auto_offline: true }))).toMatchObject({
        availability: 'offline',
        availabilityWeak: true,
      });
    });
  });

  it('should throw INVALID_RESPONSE when an agent has an unknown availability', () => {
    expect(() => parseAgents([agent({ availability_status: 'available' as never })], WHERE)).toThrow(
      expect.objectContaining({ code: PlatformErrorCode.INVALID_RESPONSE }),
    );
  });

  it.each([
    ['the controller shape', { agent_bot: { id: 3, name: 'Triage' } }, { id: 3, name: 'Triage' }],
    ['the description shape', { id: 3, name: 'Triage' }, { id: 3, name: 'Triage' }],
    ['an empty agent_bot', { agent_bot: {} }, undefined],
    ['a null agent_bot', { agent_bot: null }, undefined],
    ['an empty 204 body', '', undefined],
  ])('should read the inbox bot from %s', (_case, data, bot) => {
    expect(parseAgentBot(data)).toEqual(bot);
  });

  it('should read epoch-second times and integer message types of a listed conversation', () => {
    const conversation = toRemoteConversation({
      id: 42,
      inbox_id: 3,
      status: 'pending',
      updated_at: 1781690000.5,
      first_reply_created_at: 0,
      last_non_activity_message: { message_type: 1 },
      meta: { assignee_type: 'AgentBot' },
    });
    expect(conversation).toEqual({
      conversationId: '42',
      inboxId: '3',
      status: 'pending',
      assigneeType: 'AgentBot',
      agentReplied: false,
      lastMessageIncoming: false,
      updatedAt: '2026-06-17T09:53:20.500Z',
    });
  });
});
