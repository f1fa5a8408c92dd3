import type { ConnectorConfig, ConnectorType } from '@app/core/config.types';
import type { ChatPlatformAdapter } from '@app/platforms/chat-platform.adapter';
import type { AdapterContext } from '@app/platforms/adapter-context';
import { PlatformHttpClient } from '@app/platforms/http/platform-http-client';
import { SmsbatChathubAdapter } from '@app/platforms/smsbat-chathub/smsbat-chathub.adapter';
import { ChatHubClient } from '@app/platforms/smsbat-chathub/smsbat-chathub.client';
import { createChatwootAdapter } from '@app/platforms/chatwoot/chatwoot.adapter';
import { createLiveHelperChatAdapter } from '@app/platforms/livehelperchat/livehelperchat.adapter';
import { createTencentChatAdapter } from '@app/platforms/tencent-chat/tencent-chat.adapter';

type ConfigOf<T extends ConnectorType> = Extract<ConnectorConfig, { type: T }>;
export type AdapterFactory<T extends ConnectorType> = (
  config: ConfigOf<T>,
  context: AdapterContext,
) => ChatPlatformAdapter;

export const createPlatformHttpClient = (
  config: ConnectorConfig,
  context: AdapterContext,
): PlatformHttpClient =>
  new PlatformHttpClient({
    connectorId: config.id,
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    rateLimit: config.rateLimit,
    redactor: context.redactor,
    observer: context.observer,
    backoffMs: context.retryBackoffMs,
  });

/** The only place that knows which class serves which connector type; exhaustive by type. */
export const ADAPTER_FACTORIES: { [T in ConnectorType]: AdapterFactory<T> } = {
  'smsbat-chathub': (config, context) =>
    new SmsbatChathubAdapter(
      config,
      new ChatHubClient({
        config,
        http: createPlatformHttpClient(config, context),
        registerSecret: context.registerSecret,
      }),
      context.sleep,
    ),
  'tencent-chat': (config, context) => createTencentChatAdapter(config, context),
  livehelperchat: (config, context) => createLiveHelperChatAdapter(config, context),
  chatwoot: (config, context) => createChatwootAdapter(config, context),
};

export const createAdapter = (config: ConnectorConfig, context: AdapterContext): ChatPlatformAdapter =>
  (ADAPTER_FACTORIES[config.type] as AdapterFactory<typeof config.type>)(config, context);
