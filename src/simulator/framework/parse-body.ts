export type ParsedBody = { ok: true; body: unknown } | { ok: false; error: string };

/** Parses by content type; the raw bytes stay available to handlers for signatures and quirks. */
export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length === 0) {
    return { ok: true, body: undefined };
  }
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const text = raw.toString('utf8');
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return { ok: true, body: JSON.parse(text) as unknown };
    } catch (error) {
      return { ok: false, error: `malformed JSON body: ${(error as Error).message}` };
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { ok: true, body: parseForm(text) };
  }
  if (type.startsWith('text/')) {
    return { ok: true, body: text };
  }
  return { ok: true, body: undefined };
}

// Repeated fields become arrays, as PHP's `name[]` fields would.
function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const name = key.endsWith('[]') ? key.slice(0, -2) : key;
    const previous = out[name];
    if (previous === undefined) {
      out[name] = key.endsWith('[]') ? [value] : value;
    } else {
      out[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
    }
  }
  return out;
}
