import { ChatHubSimulator } from '@app/simulator';

import { DEFAULT_ROSTER, chatHubBridgeYaml } from './chathub-config';
import { DaemonProcess, freePort, writeConfig } from './daemon-process';

export interface AlertingChatHubParams {
  dir: string;
  adminToken: string;
  companyToken: string;
  /** What the platform answers every call with: 401 (credentials revoked), 503 (overloaded) … */
  failWith: number;
  /** The `alerts:` section of bridge.yaml. */
  alertsYaml: string;
  /** More environment for the daemon (the alert secrets the YAML references). */
  env: Record<string, string>;
}

/**
 * The alert e2e set-up: a ChatHub simulator that fails every call with one status, and the built
 * daemon with one ChatHub connector on it and the given alert sinks, started.
 */
export const startAlertingChatHub = async (
  params: AlertingChatHubParams,
): Promise<{ simulator: ChatHubSimulator; daemon: DaemonProcess }> => {
  const simulator = new ChatHubSimulator({ companyKeys: [params.companyToken] });
  simulator.seed({ organizations: [{ id: 24, name: 'Support' }] });
  await simulator.start();
  simulator.inject({ kind: 'status', status: params.failWith, times: 'always' });
  const yaml =
    chatHubBridgeYaml({
      dir: params.dir,
      simulatorUrl: simulator.baseUrl,
      adminToken: params.adminToken,
      roster: DEFAULT_ROSTER,
    }) + params.alertsYaml;
  const daemon = new DaemonProcess(await freePort(), {
    BRIDGE_CONFIG: writeConfig(params.dir, yaml),
    E2E_ADMIN_TOKEN: params.adminToken,
    E2E_CHATHUB_TOKEN: params.companyToken,
    ...params.env,
  });
  await daemon.start();
  return { simulator, daemon };
};
