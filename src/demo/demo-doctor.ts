import type { ConnectorConfig } from '@app/core/config.types';
import type { LoadedConfig } from '@app/config/load-config';
import { createAdapter } from '@app/platforms/adapter-factories';
import type { DoctorFinding } from '@app/platforms/chat-platform.adapter';

/**
 * What `chat-bridge doctor` finds for one connector: the same adapter `diagnose`, run here without
 * the daemon (for a platform without integration accounts).
 */
export const doctorFindings = async (
  loaded: LoadedConfig,
  connector: ConnectorConfig,
): Promise<DoctorFinding[]> => {
  const adapter = createAdapter(connector, {
    redactor: loaded.redactor,
    registerSecret: (value) => loaded.redactor.register(value),
    observer: () => undefined,
  });
  try {
    return (await adapter.diagnose?.({ integrationAccounts: [] })) ?? [];
  } finally {
    await adapter.close?.();
  }
};
