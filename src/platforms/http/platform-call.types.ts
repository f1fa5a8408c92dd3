/** One HTTP attempt to a platform, as seen by metrics and logs (never carries secrets or query strings). */
export interface PlatformCallRecord {
  connectorId: string;
  /** The route template, e.g. `POST /api/operator/status`, never the concrete URL. */
  route: string;
  /** HTTP status, or `network` / `timeout` when there was no answer. */
  status: string;
  durationMs: number;
}

export type PlatformCallObserver = (call: PlatformCallRecord) => void;

export interface TextRedactor {
  redact(text: string): string;
}
