import { join } from 'node:path';

export interface ChatHubE2eConfig {
  dir: string;
  simulatorUrl: string;
  adminToken?: string;
  roster: string;
}

/** A bridge.yaml with one ChatHub connector, secrets taken from the environment like in production. */
export const chatHubBridgeYaml = ({ dir, simulatorUrl, adminToken, roster }: ChatHubE2eConfig): string => `
server:
  port: 3000
${adminToken ? '  adminToken: "${E2E_ADMIN_TOKEN}"' : ''}
database:
  url: sqlite:${join(dir, 'bridge.sqlite')}
directory:
  source: roster
  deletionThreshold: 50%
  roster:
${roster}
connectors:
  - id: chathub
    type: smsbat-chathub
    baseUrl: ${simulatorUrl}
    schedule: 1h
    # Well above admin-api's 3 s latency fault and a loaded machine's slowest loopback answer.
    timeoutMs: 10000
    rateLimit: 50
    auth:
      companyToken: "\${E2E_CHATHUB_TOKEN}"
    options:
      organizationId: 24
`;

export const DEFAULT_ROSTER = `
    - { key: john, name: John Smith }
    - { key: sarah, name: Sarah Johnson }
    - { key: mike, name: Mike Wilson, status: inactive }
    - { key: leaver, name: Lea Leaver, status: deleted }
    - { key: anna, name: Anna Kovalenko }
    - { key: olena, name: Olena Petrenko }
    - { key: bot, name: API Bot, role: integration }`;
