import type { ConfigIssue } from '@app/config/config.error';
import type { BridgeConfigDto } from '@app/config/dto/bridge-config.dto';

const isEntry = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * An LHC connector that creates operators (every one but the directory source) needs
 * `options.userGroups`: LHC refuses a create without a group, and with `[]` it makes a user that
 * belongs to no group and so has no permission at all. Checked here because it depends on
 * `directory.source`.
 */
export const checkLhcUserGroups = (config: BridgeConfigDto): ConfigIssue[] => {
  // Validation may have failed, so nothing here can be trusted to have its declared type.
  const directory: unknown = config.directory;
  const source = isEntry(directory) ? directory.source : undefined;
  const connectors: unknown = config.connectors;
  if (!Array.isArray(connectors)) {
    return [];
  }
  return connectors.flatMap((connector: unknown, index): ConfigIssue[] => {
    if (!isEntry(connector) || connector.type !== 'livehelperchat' || connector.id === source) {
      return [];
    }
    const groups = isEntry(connector.options) ? connector.options.userGroups : undefined;
    if (Array.isArray(groups) && groups.length > 0) {
      return [];
    }
    return [
      {
        path: `connectors[${index}].options.userGroups`,
        message:
          'must list at least one LHC user group for the operators this connector creates (2 is the stock "Operators" group of a new LHC)',
      },
    ];
  });
};
