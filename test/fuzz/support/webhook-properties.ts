import fc from 'fast-check';

import {
  CW_SECRET,
  type FuzzBridge,
  LHC_SECRET,
  SDK_APP_ID,
  TENCENT_TOKEN,
  type WebhookConnectorId,
} from './fuzz-bridge';
import type { PropertySpec } from './fuzz-runner';
import {
  type BodyModel,
  type QueryPart,
  bodyBytes,
  headerValue,
  hostileBody,
  hostileContentEncoding,
  hostileContentType,
  queryString,
  rawQueryFragment,
} from './hostile-requests';
import { hostileString } from './hostile-values';
import {
  type QueryCommand,
  chatwootBody,
  chatwootDelivery,
  lhcBody,
  tencentBody,
  tencentQuery,
  tencentQueryCommand,
} from './webhook-shapes';

/** One webhook request before signing: what is sent, and how its authentication is (mis)done. */
export interface WebhookInput {
  body: BodyModel;
  contentType?: string;
  contentEncoding?: string;
  /** Platform headers other than the signature (X-Chatwoot-Delivery). */
  headers: Record<string, string | undefined>;
  query: QueryPart[];
  /** Tencent only: CallbackCommand in the query. */
  queryCommand?: QueryCommand;
  auth: AuthMode;
}

/** How the request authenticates: correctly (`valid-*`) or not (everything else). */
export type AuthMode =
  | { kind: 'valid-header' | 'valid-query' | 'valid' }
  | { kind: 'none' | 'other-body' | 'no-timestamp' | 'no-signature' | 'duplicate-wrong-first' }
  | { kind: 'wrong-secret' | 'bad-signature' | 'bad-timestamp' | 'wrong-app'; value: string }
  | { kind: 'wrong-in-query' | 'other-header'; value: string }
  | { kind: 'stale'; offsetS: number };

export type WebhookVariant = 'forged' | 'signed-hostile' | 'signed-mutation';

const realisticBody = (connector: WebhookConnectorId): fc.Arbitrary<BodyModel> =>
  (connector === 'lhc' ? lhcBody : connector === 'chatwoot' ? chatwootBody : tencentBody).map(
    (json): BodyModel => ({ json }),
  );

/** A value that is not the secret, though sometimes close to it (one character off, a prefix…). */
const notThe = (secret: string): fc.Arbitrary<string> =>
  fc
    .oneof(
      headerValue,
      fc
        .integer({ min: 0, max: secret.length - 1 })
        .map((i) => `${secret.slice(0, i)}${secret[i] === 'x' ? 'y' : 'x'}${secret.slice(i + 1)}`),
      fc.constantFrom(
        secret.slice(0, -1),
        `${secret}x`,
        secret.toUpperCase(),
        `${secret}${secret}`,
        `Bearer ${secret}`,
      ),
    )
    .filter((value) => value.trim() !== secret);

const staleOffset = (windowS: number) =>
  fc.oneof(
    fc.integer({ min: windowS + 2, max: 1_000_000 }),
    fc.integer({ min: -1_000_000, max: -(windowS + 2) }),
  );

const brokenAuth = (connector: WebhookConnectorId): fc.Arbitrary<AuthMode> => {
  if (connector === 'lhc') {
    return fc.oneof(
      fc.constant<AuthMode>({ kind: 'none' }),
      notThe(LHC_SECRET).map((value): AuthMode => ({ kind: 'wrong-secret', value })),
      fc
        .oneof(notThe(LHC_SECRET), hostileString)
        .map((value): AuthMode => ({ kind: 'wrong-in-query', value })),
      fc.constant<AuthMode>({ kind: 'duplicate-wrong-first' }),
      fc
        .constantFrom('x-bridge-secrets', 'bridge-secret', 'x-secret', 'authorization')
        .map((value): AuthMode => ({ kind: 'other-header', value })),
    );
  }
  if (connector === 'chatwoot') {
    return fc.oneof(
      fc.constantFrom<AuthMode>(
        { kind: 'none' },
        { kind: 'no-timestamp' },
        { kind: 'no-signature' },
        { kind: 'other-body' },
      ),
      notThe(CW_SECRET).map((value): AuthMode => ({ kind: 'wrong-secret', value })),
      headerValue.map((value): AuthMode => ({ kind: 'bad-signature', value })),
      fc
        .oneof(headerValue, fc.constantFrom('abc', '1e9', '-1', '1.5', '0x10', '9'.repeat(400)))
        .filter((value) => !/^\d{1,12}$/.test(value))
        .map((value): AuthMode => ({ kind: 'bad-timestamp', value })),
      staleOffset(300).map((offsetS): AuthMode => ({ kind: 'stale', offsetS })),
    );
  }
  return fc.oneof(
    fc.constantFrom<AuthMode>({ kind: 'none' }, { kind: 'duplicate-wrong-first' }),
    notThe(TENCENT_TOKEN).map((value): AuthMode => ({ kind: 'wrong-secret', value })),
    fc
      .oneof(hostileString, fc.constantFrom('1400000124', '', '01400000123', ' 1400000123'))
      .filter((value) => value !== String(SDK_APP_ID))
      .map((value): AuthMode => ({ kind: 'wrong-app', value })),
    fc
      .oneof(hostileString, fc.constantFrom('f'.repeat(64), 'F'.repeat(63), 'g'.repeat(64), '0'.repeat(5000)))
      .map((value): AuthMode => ({ kind: 'bad-signature', value })),
    fc
      .oneof(hostileString, fc.constantFrom('1e16', '-1', '9'.repeat(13), '1.5', ''))
      .map((value): AuthMode => ({ kind: 'bad-timestamp', value })),
    staleOffset(60).map((offsetS): AuthMode => ({ kind: 'stale', offsetS })),
  );
};

const platformHeaders = (connector: WebhookConnectorId): fc.Arbitrary<Record<string, string | undefined>> =>
  connector === 'chatwoot'
    ? chatwootDelivery.map((delivery) => ({ 'x-chatwoot-delivery': delivery }))
    : fc.constant({});

const platformQuery = (connector: WebhookConnectorId, hostile: boolean): fc.Arbitrary<QueryPart[]> => {
  const extra = fc.array(
    fc.oneof(
      rawQueryFragment,
      fc.record({ key: fc.oneof(hostileString, fc.constant('secret')), value: hostileString }),
    ),
    { maxLength: hostile ? 3 : 1 },
  );
  if (connector !== 'tencent') {
    return hostile ? extra : fc.constant([]);
  }
  return fc
    .tuple(tencentQuery, hostile ? extra : fc.constant([]))
    .map(([query, more]) => [
      ...Object.entries(query).map(([key, value]): QueryPart => ({ key, value: String(value) })),
      ...more,
    ]);
};

export const webhookInput = (
  connector: WebhookConnectorId,
  variant: WebhookVariant,
): fc.Arbitrary<WebhookInput> => {
  const hostile = variant === 'signed-hostile';
  const body: fc.Arbitrary<BodyModel> =
    variant === 'signed-mutation'
      ? realisticBody(connector)
      : variant === 'forged'
        ? fc.oneof({ arbitrary: realisticBody(connector), weight: 2 }, { arbitrary: hostileBody, weight: 1 })
        : hostileBody;
  const validAuth: fc.Arbitrary<AuthMode> =
    connector === 'lhc'
      ? fc.constantFrom<AuthMode>({ kind: 'valid-header' }, { kind: 'valid-query' })
      : fc.constant({ kind: 'valid' });
  return fc.record({
    body,
    contentType: variant === 'signed-mutation' ? fc.constant('application/json') : hostileContentType,
    contentEncoding: hostile ? hostileContentEncoding : fc.constant(undefined),
    headers: platformHeaders(connector),
    query: platformQuery(connector, hostile),
    queryCommand: connector === 'tencent' ? tencentQueryCommand : fc.constant(undefined),
    auth: variant === 'forged' ? brokenAuth(connector) : validAuth,
  });
};

/** Puts the input on the wire, signing it the way the platform does (or deliberately not). */
export const buildWebhookRequest = (
  bridge: FuzzBridge,
  connector: WebhookConnectorId,
  input: WebhookInput,
) => {
  const body = bodyBytes(input.body);
  const headers: Record<string, string> = {};
  const query: QueryPart[] = [...input.query];
  for (const [name, value] of Object.entries(input.headers)) {
    if (value !== undefined) {
      headers[name] = value;
    }
  }
  if (input.contentType !== undefined) {
    headers['content-type'] = input.contentType;
  }
  if (input.contentEncoding !== undefined) {
    headers['content-encoding'] = input.contentEncoding;
  }
  const command = input.queryCommand;
  if (command && !('none' in command)) {
    const own =
      'json' in input.body
        ? (input.body.json as { CallbackCommand?: unknown } | null)?.CallbackCommand
        : undefined;
    const value = 'value' in command ? command.value : typeof own === 'string' ? own : undefined;
    if (value !== undefined) {
      query.unshift({ key: 'CallbackCommand', value });
    }
  }
  const auth = input.auth;
  const signed = body ?? Buffer.alloc(0);
  if (connector === 'lhc') {
    if (auth.kind === 'valid-header') {
      Object.assign(headers, bridge.lhcSecretHeader());
    } else if (auth.kind === 'valid-query') {
      query.unshift({ key: 'secret', value: LHC_SECRET });
    } else if (auth.kind === 'wrong-secret') {
      headers['x-bridge-secret'] = auth.value;
    } else if (auth.kind === 'wrong-in-query') {
      query.unshift({ key: 'secret', value: auth.value });
    } else if (auth.kind === 'duplicate-wrong-first') {
      query.unshift({ key: 'secret', value: 'wrong' }, { key: 'secret', value: LHC_SECRET });
    } else if (auth.kind === 'other-header') {
      headers[auth.value] = LHC_SECRET;
    }
  } else if (connector === 'chatwoot') {
    Object.assign(headers, chatwootAuth(bridge, auth, signed));
  } else {
    query.unshift(...tencentAuth(bridge, auth));
  }
  const qs = queryString(query);
  return { method: 'POST', path: `/webhooks/${connector}${qs ? `?${qs}` : ''}`, headers, body };
};

const chatwootAuth = (bridge: FuzzBridge, auth: AuthMode, body: Buffer): Record<string, string> => {
  const now = Math.floor(Date.now() / 1000);
  switch (auth.kind) {
    case 'valid':
      return bridge.chatwootSignature(body);
    case 'none':
      return {};
    case 'no-timestamp':
      return { 'x-chatwoot-signature': bridge.chatwootSignature(body)['x-chatwoot-signature'] };
    case 'no-signature':
      return { 'x-chatwoot-timestamp': String(now) };
    case 'other-body':
      return bridge.chatwootSignature(Buffer.concat([body, Buffer.from(' ')]));
    case 'wrong-secret':
      return bridge.chatwootSignature(body, auth.value);
    case 'bad-signature':
      return { 'x-chatwoot-timestamp': String(now), 'x-chatwoot-signature': auth.value };
    case 'bad-timestamp':
      return bridge.chatwootSignature(body, CW_SECRET, auth.value);
    case 'stale':
      return bridge.chatwootSignature(body, CW_SECRET, String(now + auth.offsetS));
    case 'valid-header':
    case 'valid-query':
    case 'duplicate-wrong-first':
    case 'wrong-app':
    case 'wrong-in-query':
    case 'other-header':
      throw new Error(`no Chatwoot auth mode ${auth.kind}`);
  }
};

const tencentAuth = (bridge: FuzzBridge, auth: AuthMode): QueryPart[] => {
  const now = Math.floor(Date.now() / 1000);
  const parts = (query: Record<string, string>) =>
    Object.entries(query).map(([key, value]) => ({ key, value }));
  switch (auth.kind) {
    case 'valid':
      return parts(bridge.tencentSignedQuery());
    case 'none':
      return [{ key: 'SdkAppid', value: String(SDK_APP_ID) }];
    case 'duplicate-wrong-first':
      return [{ key: 'Sign', value: 'f'.repeat(64) }, ...parts(bridge.tencentSignedQuery())];
    case 'wrong-secret':
      return parts(bridge.tencentSignedQuery(auth.value));
    case 'wrong-app':
      return parts({ ...bridge.tencentSignedQuery(), SdkAppid: auth.value });
    case 'bad-signature':
      return parts({ ...bridge.tencentSignedQuery(), Sign: auth.value });
    case 'bad-timestamp':
      return parts({ ...bridge.tencentSignedQuery(TENCENT_TOKEN, auth.value) });
    case 'stale':
      return parts(bridge.tencentSignedQuery(TENCENT_TOKEN, String(now + auth.offsetS)));
    case 'valid-header':
    case 'valid-query':
    case 'no-signature':
    case 'no-timestamp':
    case 'other-body':
    case 'wrong-in-query':
    case 'other-header':
      throw new Error(`no Tencent auth mode ${auth.kind}`);
  }
};

/** A forged request is refused (4xx) — whatever its body, it must not be accepted. */
const refused = (reply: { status: number }): string | undefined =>
  reply.status >= 400 && reply.status < 500 ? undefined : `a forged request was answered ${reply.status}`;

export const webhookProperty = (
  bridge: FuzzBridge,
  connector: WebhookConnectorId,
  variant: WebhookVariant,
  numRuns: number,
): PropertySpec<WebhookInput> => ({
  route: `POST /webhooks/${connector}`,
  variant,
  numRuns,
  arbitrary: webhookInput(connector, variant),
  build: (input) => buildWebhookRequest(bridge, connector, input),
  check: variant === 'forged' ? refused : undefined,
});
