import { join } from 'node:path';

export const SDK_APP_ID = 1400000001;
export const SECRET_KEY = 'e2e-tencent-secret-key-0123456789abcdef';
export const CALLBACK_TOKEN = 'e2e-callback-token';

/** A bridge.yaml with one Tencent connector whose assign-agent answers come from the roster. */
export const tencentBridgeYaml = (dir: string, simulatorUrl: string): string => `
server:
  port: 3000
  adminToken: "\${E2E_ADMIN_TOKEN}"
database:
  url: sqlite:${join(dir, 'bridge.sqlite')}
directory:
  roster:
    - { key: ann, name: Ann Agent, email: ann@example.com }
    - { key: bob, name: Bob Agent, email: bob@example.com }
    - { key: cid, name: Cid Agent, email: cid@example.com }
    - { key: api, name: API user, email: api@example.com, role: integration }
connectors:
  - id: tencent
    type: tencent-chat
    baseUrl: ${simulatorUrl}
    schedule: 1h
    timeoutMs: 4000
    auth:
      sdkAppId: ${SDK_APP_ID}
      identifier: administrator
      secretKey: "\${E2E_TENCENT_KEY}"
    webhook:
      token: "\${E2E_CALLBACK_TOKEN}"
    options:
      userIdPrefix: "op_"
      assignment:
        strategy: least-busy
        maxAgents: 2
        fallbackGroupId: 6521
`;
