/** The PostgreSQL channel every change notice is sent on. */
export const CHANGE_CHANNEL = 'chat_bridge_changes';

export const CHANGE_TOPICS = ['directory', 'assignment'] as const;
/** `directory`: operators and their links; `assignment`: load, round-robin cursors, sticky agents. */
export type ChangeTopic = (typeof CHANGE_TOPICS)[number];

/** One NOTIFY: delivered on commit, to every replica listening, the writer's included. */
export interface ChangeNotice {
  /** `change_feed.version` after the writing transaction; consecutive in commit order. */
  version: number;
  /** The writing replica (replicaIdOf its data source). */
  origin: string;
  topic: ChangeTopic;
  /** What changed, per topic; absent when it did not fit in a notification: read it all again. */
  data?: unknown;
}

/** `directory` data: the operators whose row or links changed. */
export interface DirectoryChange {
  keys: string[];
}

// PostgreSQL refuses payloads of 8000 bytes or more; the version and origin need some room.
export const MAX_CHANGE_DATA_BYTES = 7_000;

/** The notice without its version (PostgreSQL prepends `{"v":<version>`), or null if too big. */
export function encodeNoticeTail(origin: string, topic: ChangeTopic, data: unknown): string {
  const body = JSON.stringify(data);
  const withData = Buffer.byteLength(body) <= MAX_CHANGE_DATA_BYTES;
  return `,"o":${JSON.stringify(origin)},"t":"${topic}"${withData ? `,"d":${body}` : ''}}`;
}

/** Parses a received payload; null for anything that is not a notice of ours. */
export function decodeNotice(payload: string | undefined): ChangeNotice | null {
  try {
    const raw = JSON.parse(payload ?? '') as { v?: unknown; o?: unknown; t?: unknown; d?: unknown };
    const topic = CHANGE_TOPICS.find((t) => t === raw.t);
    if (typeof raw.v !== 'number' || typeof raw.o !== 'string' || topic === undefined) {
      return null;
    }
    return { version: raw.v, origin: raw.o, topic, data: raw.d };
  } catch {
    return null;
  }
}
