import { createHash } from 'node:crypto';

import fc from 'fast-check';

import { ADMIN_TOKEN, CW_SECRET, type FuzzBridge, LHC_SECRET, TENCENT_TOKEN } from './fuzz-bridge';
import { type LogLine, normalizeError } from './daemon-log';
import { clip } from './hostile-json';
import type { RawRequest } from './http-client';
import { type PropertyResult, type RecordedFailure, recordResult } from './fuzz-report';

/** FUZZ_SEED replays another run; FUZZ_RUNS scales every numRuns (0.2 for a smoke run, 5 for a soak). */
export const BASE_SEED = Number(process.env.FUZZ_SEED ?? 20_250_611);
const RUNS_SCALE = Number(process.env.FUZZ_RUNS ?? 1);
/** Per distinct failure, how long fast-check may spend shrinking it to a minimal counterexample. */
const SHRINK_BUDGET_MS = Number(process.env.FUZZ_SHRINK_MS ?? 15_000);
const MAX_SHRUNK_PER_PROPERTY = 6;

export interface PropertySpec<T> {
  route: string;
  variant: string;
  numRuns: number;
  arbitrary: fc.Arbitrary<T>;
  /** The request for one input; signatures are computed here, at send time. */
  build(input: T): RawRequest;
  /** A property of the reply beyond "< 500" (forged → refused…): a problem, or undefined. */
  check?(reply: { status: number; body: string }): string | undefined;
}

interface Outcome {
  signature?: string;
  status: string;
  /** Status and error message, input details blanked: which code path the input reached. */
  reply: string;
  log?: string;
}

/** Same inputs on both databases and in every run: the seed depends on the property's name only. */
export const seedOf = (name: string): number =>
  (BASE_SEED ^ createHash('sha256').update(name).digest().readInt32BE(0)) | 0;

export const runsOf = (numRuns: number): number => Math.max(1, Math.round(numRuns * RUNS_SCALE));

/**
 * Runs one property against the live daemon. Every input runs (a 500 does not stop the run, so
 * one bug cannot hide the next); each distinct failure is then searched again with the same seed
 * and shrunk by fast-check to a minimal counterexample, printed as the request that was sent.
 */
export async function runProperty<T>(bridge: FuzzBridge, spec: PropertySpec<T>): Promise<PropertyResult> {
  const started = Date.now();
  const name = `${spec.route} [${spec.variant}]`;
  const seed = seedOf(name);
  const numRuns = runsOf(spec.numRuns);
  const logFrom = bridge.log.offset;
  const result: PropertyResult = {
    db: bridge.kind,
    route: spec.route,
    variant: spec.variant,
    seed,
    inputs: 0,
    shrinkInputs: 0,
    statuses: {},
    replies: {},
    failures: [],
    problems: [],
    backgroundErrors: [],
    durationMs: 0,
  };
  const failures = new Map<string, RecordedFailure>();
  const attributed = new Set<string>();

  const exercise = async (input: T, counting: 'inputs' | 'shrinkInputs'): Promise<Outcome> => {
    await bridge.ensureAlive();
    const request = spec.build(input);
    const outcome = await exerciseOnce(bridge, request, spec, attributed);
    result[counting] += 1;
    if (counting === 'inputs') {
      result.statuses[outcome.status] = (result.statuses[outcome.status] ?? 0) + 1;
      result.replies[outcome.reply] = (result.replies[outcome.reply] ?? 0) + 1;
    }
    if (outcome.signature) {
      noteFailure(failures, outcome, request, input);
    }
    return outcome;
  };

  const explored = await fc.check(
    fc.asyncProperty(spec.arbitrary, async (input) => {
      await exercise(input, 'inputs');
      return true;
    }),
    { seed, numRuns },
  );
  if (explored.failed) {
    // Only a broken fuzzer gets here (the predicate never returns false): report it as such.
    throw new Error(`the fuzzer itself failed on ${name}: ${fc.defaultReportMessage(explored)}`);
  }

  for (const failure of [...failures.values()].slice(0, MAX_SHRUNK_PER_PROPERTY)) {
    if (SHRINK_BUDGET_MS <= 0) {
      break;
    }
    const shrunk = await fc.check(
      fc.asyncProperty(
        spec.arbitrary,
        async (input) => (await exercise(input, 'shrinkInputs')).signature !== failure.signature,
      ),
      { seed, numRuns, plugins: [fc.interruptAfterTimeLimit(SHRINK_BUDGET_MS)] },
    );
    if (shrunk.failed && shrunk.counterexample) {
      const [input] = shrunk.counterexample as [T];
      failure.minimal = {
        request: describeRequest(spec.build(input)),
        input: preview(input),
        seed,
        path: shrunk.counterexamplePath ?? '',
        numShrinks: shrunk.numShrinks,
      };
    }
  }

  result.failures = [...failures.values()];
  result.backgroundErrors = backgroundErrors(bridge.log.errors(logFrom), attributed);
  result.durationMs = Date.now() - started;
  recordResult(result);
  return result;
}

async function exerciseOnce<T>(
  bridge: FuzzBridge,
  request: RawRequest,
  spec: PropertySpec<T>,
  attributed: Set<string>,
): Promise<Outcome> {
  const from = bridge.log.offset;
  const reply = await bridge.send(request);
  let outcome: Outcome;
  if (reply.kind === 'socket-error') {
    outcome = {
      signature: `socket error ${reply.code}`,
      status: 'socket',
      reply: `socket ${reply.code}`,
      log: lastLines(bridge.log.tail(6000), 4),
    };
  } else if (reply.status >= 500) {
    const lines = await bridge.log.errorOf(from, request.path);
    lines.forEach((line) => attributed.add(line.raw));
    const first = lines[0];
    const text = first ? (first.stack ?? first.msg) : `(no log line) ${reply.body}`;
    outcome = {
      signature: `${reply.status} ${normalizeError(text)}${frameOf(first)}`,
      status: '5xx',
      reply: replyKey(reply),
      log: first ? describeLogLine(first) : clip(reply.body, 300),
    };
  } else {
    const problem = spec.check?.(reply);
    outcome = {
      signature: problem ? `expectation: ${problem}` : undefined,
      status: `${Math.floor(reply.status / 100)}xx`,
      reply: replyKey(reply),
      log: problem ? `answered ${reply.status} ${clip(reply.body, 200)}` : undefined,
    };
  }
  if (!(await bridge.alive())) {
    outcome = {
      signature: `${outcome.signature ?? outcome.status}, then /health/live failed`,
      status: outcome.status,
      reply: outcome.reply,
      log: lastLines(bridge.log.tail(6000), 6),
    };
  }
  return outcome;
}

function noteFailure(
  failures: Map<string, RecordedFailure>,
  outcome: Outcome,
  request: RawRequest,
  input: unknown,
) {
  const signature = outcome.signature!;
  const size = (request.body?.length ?? 0) + request.path.length;
  const known = failures.get(signature);
  if (known) {
    known.count += 1;
    if (size < known.exampleSize) {
      known.example = describeRequest(request);
      known.exampleSize = size;
    }
    return;
  }
  failures.set(signature, {
    signature,
    count: 1,
    log: outcome.log ?? '',
    example: describeRequest(request),
    exampleSize: size,
    firstInput: preview(input),
  });
}

const replyKey = (reply: { status: number; body: string }): string => {
  let message: string;
  try {
    const error = (JSON.parse(reply.body) as { error?: { code?: string; message?: string } }).error;
    message = error ? `${error.code ?? ''} ${error.message ?? ''}` : '';
  } catch {
    message = '(not JSON)';
  }
  return `${reply.status} ${normalizeError(message)}`.trim();
};

const lastLines = (text: string, n: number): string =>
  text
    .trim()
    .split('\n')
    .slice(-n)
    .map((line) => clip(line, 400))
    .join(' / ');

const frameOf = (line?: LogLine): string => {
  // Where a stack overflow surfaces is chance: one bug, whatever the top frame.
  if (/Maximum call stack size exceeded/.test(line?.stack ?? line?.msg ?? '')) {
    return '';
  }
  const frame = line?.stack?.split('\n').find((l) => /^\s+at /.test(l));
  const fn = frame?.match(/^\s+at (?:async )?(?:new )?([^\s(]+)/)?.[1];
  // An anonymous frame is a file path with line and column: keep the file name only.
  return fn ? ` @ ${fn.startsWith('/') ? fn.replace(/^.*\//, '').replace(/(:\d+)+$/, '') : fn}` : '';
};

const describeLogLine = (line: LogLine): string => {
  const stack = (line.stack ?? line.msg).split('\n');
  const head = stack[0];
  const at = stack.filter((l) => /^\s+at /.test(l));
  // The library frame that threw, then the daemon's own frames: where a fix would go.
  const frames = [
    ...at.filter((l) => !/dist\/src/.test(l)).slice(0, 1),
    ...at.filter((l) => /dist\/src/.test(l)).slice(0, 3),
  ].map((f) => f.trim().replace(/\/\S*?\/(dist|node_modules)\//, '$1/'));
  return clip([head, ...frames].join(' | '), 700);
};

const SECRETS: Array<[string, string]> = [
  [ADMIN_TOKEN, '<ADMIN_TOKEN>'],
  [LHC_SECRET, '<LHC_SECRET>'],
  [CW_SECRET, '<CW_SECRET>'],
  [TENCENT_TOKEN, '<TENCENT_TOKEN>'],
];
const masked = (text: string) => SECRETS.reduce((acc, [secret, name]) => acc.split(secret).join(name), text);

/** The request as a fixer needs it: method, path, the headers that matter, the body (text or hex). */
export const describeRequest = (request: RawRequest): string => {
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  let bodyText = '(no body)';
  if (body !== undefined) {
    const text = body.toString('utf8');
    bodyText = Buffer.from(text, 'utf8').equals(body)
      ? `${body.length} bytes ${clip(JSON.stringify(text), 400)}`
      : `${body.length} bytes, not UTF-8, hex ${clip(body.toString('hex'), 200)}`;
  }
  const headers = Object.entries(request.headers ?? {})
    .map(([k, v]) => `${k}: ${clip(JSON.stringify(v), 120)}`)
    .join('; ');
  return masked(`${request.method} ${clip(request.path, 300)} | ${headers || '(no headers)'} | ${bodyText}`);
};

/** A value as fast-check would print it, with long strings cut. */
export const preview = (value: unknown): string => clip(masked(fc.stringify(shorten(value))), 600);

const shorten = (value: unknown, depth = 0): unknown => {
  if (typeof value === 'string') {
    return value.length > 80
      ? `${value.slice(0, 40)}…(${value.length} chars of ${JSON.stringify(value[0])}…)`
      : value;
  }
  if (depth > 6 || value === null || typeof value !== 'object' || !isPlain(value)) {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((v) => shorten(v, depth + 1));
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shorten(v, depth + 1)]));
};

const isPlain = (value: object): boolean =>
  Array.isArray(value) ||
  Object.getPrototypeOf(value) === Object.prototype ||
  Object.getPrototypeOf(value) === null;

const backgroundErrors = (lines: LogLine[], attributed: Set<string>): string[] => {
  const seen = new Map<string, string>();
  for (const line of lines) {
    if (attributed.has(line.raw) || (line.status !== undefined && line.status >= 500)) {
      continue;
    }
    const key = normalizeError(line.stack ?? line.msg);
    if (!seen.has(key)) {
      seen.set(key, describeLogLine(line));
    }
  }
  return [...seen.values()];
};
