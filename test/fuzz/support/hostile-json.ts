import fc from 'fast-check';

/**
 * How generated values are written as JSON: tokens JSON.stringify cannot produce, objects with
 * repeated keys, times relative to the moment of sending.
 */

/** A JSON token written verbatim: numbers JSON.stringify cannot produce (1e400, 30 digits…). */
export class RawJson {
  constructor(readonly text: string) {}

  [fc.toStringMethod](): string {
    return `raw(${JSON.stringify(clip(this.text, 60))})`;
  }
}

/** An object with repeated or prototype-looking keys, written in this order. */
export class JsonEntries {
  constructor(readonly entries: Array<[string, unknown]>) {}

  [fc.toStringMethod](): string {
    return `entries(${this.entries.map(([k]) => JSON.stringify(k)).join(',')})`;
  }
}

export const raw = (text: string) => new RawJson(text);

/**
 * A realistic time, as an offset from the moment of sending: the input stays the same from run to
 * run while the value on the wire stays inside the daemon's freshness windows (LHC ts ±300 s…).
 */
export class RelTime {
  constructor(
    readonly offsetS: number,
    readonly unit: 's' | 's-frac' | 'ms' | 'iso',
  ) {}

  resolve(nowMs: number): number | string {
    const ms = nowMs + this.offsetS * 1000;
    switch (this.unit) {
      case 's':
        return Math.floor(ms / 1000);
      case 's-frac':
        return Math.floor(ms / 10) / 100;
      case 'ms':
        return ms;
      case 'iso':
        return new Date(ms).toISOString();
    }
  }

  [fc.toStringMethod](): string {
    return `now${this.offsetS >= 0 ? '+' : ''}${this.offsetS}s(${this.unit})`;
  }
}

/** Serializes a generated value: RawJson verbatim, undefined fields left out, NaN as null. */
export const jsonText = (value: unknown): string => {
  if (value instanceof RawJson) {
    return value.text;
  }
  if (value instanceof RelTime) {
    return JSON.stringify(value.resolve(Date.now()));
  }
  if (value instanceof JsonEntries) {
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : jsonText(item))).join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
};

export const clip = (text: string, max = 120): string =>
  text.length <= max ? text : `${text.slice(0, max)}…(${text.length} chars)`;
