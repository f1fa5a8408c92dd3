import type { ChatPlatformAdapter } from '@app/platforms/chat-platform.adapter';

/** The capability names the admin API reports for each connector. */
export const CAPABILITIES = [
  'operators.read',
  'operators.write',
  'availability.read',
  'availability.write',
  'conversations',
  'webhooks',
  'assignment',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

// Operators are on every adapter; every other capability is the presence of its facet.
const OFFERS: { [C in Capability]: (adapter: ChatPlatformAdapter) => boolean } = {
  'operators.read': () => true,
  'operators.write': () => true,
  'availability.read': (adapter) => adapter.availabilityRead !== undefined,
  'availability.write': (adapter) => adapter.availabilityWrite !== undefined,
  conversations: (adapter) => adapter.conversations !== undefined,
  webhooks: (adapter) => adapter.webhooks !== undefined,
  assignment: (adapter) => adapter.assignment !== undefined,
};

/** What the adapter offers, named and ordered as in CAPABILITIES. */
export const capabilitiesOf = (adapter: ChatPlatformAdapter): Capability[] =>
  CAPABILITIES.filter((capability) => OFFERS[capability](adapter));
