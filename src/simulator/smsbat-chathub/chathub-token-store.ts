import { randomBytes } from 'node:crypto';

export type ChatHubTokenRecord =
  | { kind: 'company'; expired: boolean; static: boolean }
  | { kind: 'operator'; operatorId: number; expiresAt: Date; expired: boolean };

/** Company keys, issued company tokens and operator tokens; opaque strings shaped like JWTs. */
export class ChatHubTokenStore {
  private readonly issued = new Map<string, ChatHubTokenRecord>();

  constructor(private readonly companyKeys: readonly string[]) {}

  issueCompany(login: string, now: Date): string {
    const token = mintJwtLike({ sub: login, typ: 'company', iat: seconds(now) });
    this.issued.set(token, { kind: 'company', expired: false, static: false });
    return token;
  }

  issueOperator(operatorId: number, expiresAt: Date, now: Date): string {
    // Payload fields as in the docs' sample operator token.
    const token = mintJwtLike({ operator_id: operatorId, iat: seconds(now), exp: seconds(expiresAt) });
    this.issued.set(token, { kind: 'operator', operatorId, expiresAt, expired: false });
    return token;
  }

  resolve(token: string): ChatHubTokenRecord | undefined {
    if (this.companyKeys.includes(token)) {
      return { kind: 'company', expired: false, static: true };
    }
    return this.issued.get(token);
  }

  /** Issued tokens answer 401 from now on; dashboard keys keep working. */
  expireIssued(): void {
    this.issued.forEach((record) => (record.expired = true));
  }

  clear(): void {
    this.issued.clear();
  }
}

function mintJwtLike(payload: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const jti = randomBytes(8).toString('hex');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ ...payload, jti })}.${randomBytes(32).toString('base64url')}`;
}

function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
