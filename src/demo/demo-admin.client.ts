import type { RunView } from '@app/reconcile/reconcile.types';

const POLL_MS = 250;
// A scheduled run can hold the connector when the demo asks for its second run.
const BUSY_RETRIES = 40;

/** The part of `GET /api/operators` the demo reads. */
export interface OperatorView {
  key: string;
  name: string;
  availability: 'online' | 'busy' | 'offline' | null;
  availabilityConnectorId: string | null;
}

interface ApiError {
  error?: { code?: string; message?: string };
}

/** The daemon's own admin API, as a user with the admin token would call it. */
export class DemoAdminClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async runs(): Promise<RunView[]> {
    const { items } = await this.request<{ items: RunView[] }>('GET', '/api/runs?limit=100');
    return items;
  }

  async operators(): Promise<OperatorView[]> {
    const { items } = await this.request<{ items: OperatorView[] }>('GET', '/api/operators');
    return items;
  }

  run(id: number): Promise<RunView> {
    return this.request<RunView>('GET', `/api/runs/${id}`);
  }

  /** `POST /api/connectors/:id/reconcile`, waiting out a run that is already in progress (409). */
  async reconcile(connectorId: string): Promise<RunView> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.request<RunView>(
          'POST',
          `/api/connectors/${encodeURIComponent(connectorId)}/reconcile`,
          {},
        );
      } catch (error) {
        if (
          !(error instanceof AdminApiError) ||
          error.code !== 'RUN_IN_PROGRESS' ||
          attempt >= BUSY_RETRIES
        ) {
          throw error;
        }
        await sleep(POLL_MS);
      }
    }
  }

  /** Polls until every connector has a finished start-up run begun at or after `since`. */
  async waitForStartupRuns(connectorIds: string[], since: Date, timeoutMs: number): Promise<RunView[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const finished = new Map<string, RunView>();
      for (const run of await this.runs()) {
        if (run.trigger === 'startup' && run.outcome !== 'running' && new Date(run.startedAt) >= since) {
          finished.set(run.connectorId, run);
        }
      }
      if (connectorIds.every((id) => finished.has(id))) {
        return Promise.all(connectorIds.map((id) => this.run(finished.get(id)!.id)));
      }
      if (Date.now() > deadline) {
        const missing = connectorIds.filter((id) => !finished.has(id));
        throw new Error(
          `the start-up run of ${missing.join(', ')} did not finish within ${timeoutMs / 1000} s`,
        );
      }
      await sleep(POLL_MS);
    }
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload: unknown = await response.json();
    if (!response.ok) {
      const { error } = payload as ApiError;
      throw new AdminApiError(
        `${method} ${path} answered ${response.status}: ${error?.message ?? 'no message'}`,
        error?.code,
      );
    }
    return payload as T;
  }
}

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
