import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';

import { Logger } from '@nestjs/common';
import axios, { AxiosError, AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
import axiosRetry, { exponentialDelay, isNetworkError } from 'axios-retry';

import { PlatformCallObserver, TextRedactor } from '@app/platforms/http/platform-call.types';
import { connectFailed, toPlatformError } from '@app/platforms/http/to-platform-error';
import { RatePacer } from '@app/platforms/http/rate-pacer';

export interface PlatformHttpClientOptions {
  connectorId: string;
  baseUrl: string;
  timeoutMs: number;
  /** Requests per second, shared by every call of this connector. */
  rateLimit: number;
  /** Retries after the first attempt (network errors, 429 and, for idempotent calls, 5xx). */
  retries?: number;
  /** Base of the exponential backoff, in ms. */
  backoffMs?: number;
  headers?: Record<string, string>;
  redactor: TextRedactor;
  observer?: PlatformCallObserver;
}

export interface PlatformRequest<D = unknown> extends Omit<AxiosRequestConfig<D>, 'baseURL'> {
  /** Route template for logs and metrics, e.g. `POST /api/operator/status`. */
  route: string;
  /**
   * May a 5xx or a dropped connection be retried blindly? Creates are not: the platform may have
   * applied them before failing, and a blind retry would create a duplicate.
   */
  idempotent: boolean;
  /**
   * An answer that says the platform applied nothing and may be asked again (LHC's "Deadlock
   * found": the database rolled the request back). Retried like a 429, creates included; after the
   * last attempt it is returned as answered, for the caller to read.
   */
  notApplied?: (response: AxiosResponse) => boolean;
  /**
   * false: the caller runs its own retry loop (Tencent reads its answers' error codes), so this
   * client sends once. One retry layer per call, never one inside another.
   */
  retry?: boolean;
}

interface CallMeta {
  route: string;
  idempotent: boolean;
  retry: boolean;
  notApplied?: (response: AxiosResponse) => boolean;
  startedAt: number;
}
type MetaConfig = AxiosRequestConfig & { chatBridge?: CallMeta };

const MAX_RETRY_DELAY_MS = 30_000;
/** Retries after the first attempt when the connector does not say otherwise. */
export const DEFAULT_RETRIES = 3;
// The code of an answer `notApplied` recognised, while it is being retried.
const NOT_APPLIED = 'ERR_NOT_APPLIED';

/**
 * Largest answer read from a platform. Operator lists are unpaginated on Chatwoot and LHC: 10,000
 * agents are 4–10 MB of JSON, so 64 MB leaves room for ~50,000 while a runaway or hostile answer
 * fails the call (a mapped platform error) instead of exhausting the daemon's memory.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Largest request body sent: a ChatHub batch of 100 operators is a few KB. */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

// An idle kept-alive connection is closed by the client before the server closes it, so a request
// never goes out on a connection the server is closing (a reset, and for a create an outcome that
// must then be settled by reading back). Node shortens this to 1 s before the server's announced
// `Keep-Alive: timeout=N`; without the header, 4 s stays under the common 5 s server default. A
// request in flight is bounded by `timeoutMs` instead.
const IDLE_SOCKET_MS = 4000;

/** One per connector: timeout, rate limit, retries with backoff and jitter, error codes, metrics. */
export class PlatformHttpClient {
  private readonly logger: Logger;
  private readonly http: AxiosInstance;
  private readonly limiter: RatePacer;

  constructor(private readonly options: PlatformHttpClientOptions) {
    this.logger = new Logger(`http:${options.connectorId}`);
    this.limiter = new RatePacer(options.rateLimit);
    this.http = axios.create({
      baseURL: options.baseUrl,
      timeout: options.timeoutMs,
      maxContentLength: MAX_RESPONSE_BYTES,
      maxBodyLength: MAX_REQUEST_BYTES,
      headers: { Accept: 'application/json', ...options.headers },
      httpAgent: new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
      httpsAgent: new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
      // Platforms answer garbage sometimes; parse ourselves so a bad body is a mapped error, not a throw.
      transitional: { silentJSONParsing: true, forcedJSONParsing: true, clarifyTimeoutError: true },
    });
    // Every attempt (retries included) waits for a rate-limit slot and is timed.
    this.http.interceptors.request.use(async (config) => {
      await this.limiter.acquire();
      const meta = (config as MetaConfig).chatBridge;
      if (meta) {
        meta.startedAt = performance.now();
      }
      return config;
    });
    this.http.interceptors.response.use(
      (response) => {
        const meta = (response.config as MetaConfig).chatBridge;
        this.observe(response.config as MetaConfig, String(response.status));
        if (meta?.notApplied?.(response)) {
          const message = `${meta.route} answered ${response.status}, nothing applied`;
          return Promise.reject(
            new AxiosError(message, NOT_APPLIED, response.config, response.request, response),
          );
        }
        return response;
      },
      (error: AxiosError) => {
        this.observe((error.config ?? {}) as MetaConfig, attemptStatus(error));
        return Promise.reject(error);
      },
    );
    axiosRetry(this.http, {
      retries: options.retries ?? DEFAULT_RETRIES,
      shouldResetTimeout: true,
      retryCondition: (error) => this.shouldRetry(error),
      retryDelay: (count, error) =>
        Math.min(exponentialDelay(count, error, options.backoffMs ?? 250), MAX_RETRY_DELAY_MS),
      onRetry: (count, error, config) => {
        const meta = (config as MetaConfig).chatBridge;
        this.logger.warn(`${meta?.route ?? 'request'} failed (${attemptStatus(error)}), retry ${count}`);
      },
    });
  }

  async request<T = unknown, D = unknown>(request: PlatformRequest<D>): Promise<AxiosResponse<T>> {
    const { route, idempotent, retry = true, notApplied, ...config } = request;
    const meta: CallMeta = { route, idempotent, retry, notApplied, startedAt: 0 };
    const withMeta: MetaConfig = { ...config, chatBridge: meta };
    try {
      return await this.http.request<T, AxiosResponse<T>, D>(withMeta as AxiosRequestConfig<D>);
    } catch (error) {
      if (error instanceof AxiosError && error.code === NOT_APPLIED && error.response) {
        return error.response as AxiosResponse<T>; // still not applied after the last attempt
      }
      throw toPlatformError(error, this.options.connectorId, route);
    }
  }

  close(): Promise<void> {
    this.limiter.close();
    return Promise.resolve();
  }

  private shouldRetry(error: AxiosError): boolean {
    const meta = (error.config as MetaConfig | undefined)?.chatBridge;
    if (meta?.retry === false) {
      return false; // the caller retries
    }
    const status = error.response?.status;
    if (status === 429 || error.code === NOT_APPLIED) {
      return true; // the platform refused, or undid, before applying anything
    }
    if (connectFailed(error)) {
      return true; // ECONNREFUSED, ENOTFOUND…: nothing was sent
    }
    if (!meta?.idempotent) {
      return false;
    }
    return (
      isNetworkError(error) || error.code === AxiosError.ETIMEDOUT || (status !== undefined && status >= 500)
    );
  }

  private observe(config: MetaConfig, status: string): void {
    const meta = config.chatBridge;
    if (!meta) {
      return;
    }
    const durationMs = performance.now() - meta.startedAt;
    this.options.observer?.({ connectorId: this.options.connectorId, route: meta.route, status, durationMs });
    this.logger.debug(
      this.options.redactor.redact(`${meta.route} → ${status} in ${durationMs.toFixed(0)} ms`),
    );
  }
}

const attemptStatus = (error: AxiosError): string => {
  if (error.code === NOT_APPLIED) {
    return `${error.response?.status}, nothing applied`;
  }
  if (error.response) {
    return String(error.response.status);
  }
  return error.code === AxiosError.ETIMEDOUT || error.code === AxiosError.ECONNABORTED
    ? 'timeout'
    : 'network';
};
