import { badge } from './dom.js';
import type { Json } from './types.js';

const units: Array<[number, string]> = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1000, 's'],
];

/** `3m`, `2h`, `5d`: how long ago (or, for a future time, how long until). */
export const age = (iso: string | null, now = Date.now()): string => {
  if (!iso) {
    return '—';
  }
  const ms = Math.abs(now - Date.parse(iso));
  const [size, unit] = units.find(([size]) => ms >= size) ?? [1000, 's'];
  const amount = `${Math.floor(ms / size)}${unit}`;
  return Date.parse(iso) > now ? `in ${amount}` : `${amount} ago`;
};

export const time = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : '—');

export const json = (value: Json | undefined): string =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

const TONES: Record<string, string> = {
  ok: 'good',
  healthy: 'good',
  linked: 'good',
  accepted: 'good',
  active: 'good',
  online: 'good',
  done: 'good',
  applied: 'good',
  partial: 'warn',
  degraded: 'warn',
  busy: 'warn',
  ambiguous: 'warn',
  pending: 'warn',
  failed: 'bad',
  blocked: 'bad',
  bad_credentials: 'bad',
  quarantined: 'bad',
  rejected: 'bad',
  dead: 'bad',
  missing: 'bad',
  unknown: 'muted',
  unmanaged: 'muted',
  'n/a': 'muted',
  inactive: 'muted',
  deleted: 'muted',
  offline: 'muted',
  disabled: 'muted',
  skipped: 'muted',
  planned: 'info',
  running: 'info',
  interrupted: 'warn',
};

/** A value as a coloured badge: green for good states, amber for attention, red for trouble. */
export const state = (value: string | null | undefined, title?: string): HTMLSpanElement =>
  badge(value ?? '—', value ? (TONES[value] ?? 'info') : 'muted', title);
