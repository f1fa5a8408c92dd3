import { ECHO_REQUEST } from './echo-proxy';

/** The secrets of test/e2e/secrets-nowhere.e2e-spec.ts, and the error texts the platforms answer with. */

// Lower-case letters, digits and '-': the same bytes in JSON, logs, SQLite and URLs.
export const CONFIGURED = {
  admin: 'sekret-admintoken-4c1e9b7a2d',
  lhcKey: 'sekret-lhckey-7f3a9c05be81',
  lhcHook: 'sekret-lhchook-2b8d61e0f4',
  cwToken: 'sekret-cwtoken-9e4f0a3c7b52',
  cwHook: 'sekret-cwhook-5a7c2e9d03e8',
  evoKey: 'sekret-evokey-3d8b1f6e04a7',
  chCompany: 'sekret-chcompany-8a3e5f91c2',
  chPassword: 'sekret-chpassword-1c9f7d4b60',
  tcKey: 'sekret-tckey-0d7b3a9e5f12c4',
  tcCallback: 'sekret-tccallback-4e6a1c8f93',
} as const;
/** Evolution's own Chatwoot token: the daemon learns it from `GET /chatwoot/find` at run time. */
export const EVO_CW_TOKEN = 'sekret-evocwtoken-6f2a8d4c1e';

export type SecretKey = keyof typeof CONFIGURED | 'evoCwToken';
export const ALL: Record<SecretKey, string> = { ...CONFIGURED, evoCwToken: EVO_CW_TOKEN };
export const DESCRIPTION: Record<SecretKey, string> = {
  admin: 'server.adminToken',
  lhcKey: 'lhc auth.apiKey',
  lhcHook: 'lhc webhook.secret',
  cwToken: 'chatwoot auth.apiAccessToken',
  cwHook: 'chatwoot webhook.secret',
  evoKey: 'chatwoot options.evolution.apiKey',
  chCompany: 'chathub auth.companyToken',
  chPassword: 'chathub-login auth.password',
  tcKey: 'tencent auth.secretKey',
  tcCallback: 'tencent webhook.token',
  evoCwToken: "Evolution's Chatwoot token (runtime)",
};
export const CONFIGURED_KEYS = Object.keys(CONFIGURED) as Array<keyof typeof CONFIGURED>;

export const ENV = {
  E2E_ADMIN_TOKEN: CONFIGURED.admin,
  E2E_LHC_KEY: CONFIGURED.lhcKey,
  E2E_LHC_HOOK: CONFIGURED.lhcHook,
  E2E_CW_TOKEN: CONFIGURED.cwToken,
  E2E_CW_HOOK: CONFIGURED.cwHook,
  E2E_EVO_KEY: CONFIGURED.evoKey,
  E2E_CH_COMPANY: CONFIGURED.chCompany,
  E2E_CH_PASSWORD: CONFIGURED.chPassword,
  E2E_TC_KEY: CONFIGURED.tcKey,
  E2E_TC_CALLBACK: CONFIGURED.tcCallback,
  LOG_LEVEL: 'debug',
};

/** `key=value;` for each secret, so a stored text shows which one was cut out (`key=[REDACTED];`). */
export const labelled = (keys: SecretKey[]): string => keys.map((key) => `${key}=${ALL[key]};`).join(' ');
export const rotate = <T>(items: readonly T[], first: T): T[] => {
  const at = items.indexOf(first);
  return [...items.slice(at), ...items.slice(0, at)];
};
/** The platform's explanation: a marker, the secrets, and the request's own credentials and body. */
export const echo = (marker: string, keys: SecretKey[], request: 'first' | 'last' = 'last'): string =>
  request === 'first'
    ? `E2E-ECHO ${marker} request: ${ECHO_REQUEST} ${labelled(keys)}`
    : `E2E-ECHO ${marker} ${labelled(keys)} request: ${ECHO_REQUEST}`;
/** LiveHelperChat's own error shape: read whole, not cut at 200 characters. */
export const lhcError = (text: string) => ({ error: true, result: text });
