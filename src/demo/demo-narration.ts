import type { JsonValue } from '@app/core/json-value';
import type { RunView } from '@app/reconcile/reconcile.types';

export type ChangeView = RunView['changes'][number];

/** What a sentence about one connector's run needs besides the run. */
export interface NarrationContext {
  /** How the platform is called in sentences ("ChatHub"). */
  platform: string;
  /** Roster names by operator key, so operators are named the way the admin wrote them. */
  names: ReadonlyMap<string, string>;
}

/**
 * Platform wording for one change (a finding, or a platform setting chat-bridge wrote or left alone);
 * undefined falls back to the generic sentence.
 */
export type ChangeTeller = (change: ChangeView, context: NarrationContext) => string | undefined;

export const say = (line = ''): void => {
  process.stdout.write(line === '' ? '[demo]\n' : `[demo] ${line}\n`);
};

/** To stderr, every line prefixed, for failures. */
export const complain = (text: string): void => {
  process.stderr.write(
    text
      .split('\n')
      .map((line) => `[demo] ${line}\n`)
      .join(''),
  );
};

export const plural = (count: number, one: string, many = `${one}s`): string =>
  `${count} ${count === 1 ? one : many}`;

/** A string or number member of a change's JSON `before`/`after`. */
export const member = (value: JsonValue, key: string): string | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const found = value[key];
  return typeof found === 'string' || typeof found === 'number' ? String(found) : undefined;
};

export const remoteIdsOf = (finding: ChangeView): string[] =>
  Array.isArray(finding.before) ? finding.before.map(String) : [];

export const nameOf = (change: ChangeView, context: NarrationContext): string =>
  member(change.after, 'name') ??
  (change.operatorKey
    ? (context.names.get(change.operatorKey) ?? change.operatorKey)
    : 'an unmanaged operator');

export const show = (value: JsonValue): string =>
  value === null || value === '' ? 'nothing' : typeof value === 'string' ? value : JSON.stringify(value);

const withRemoteId = (change: ChangeView, context: NarrationContext): string => {
  const id = member(change.after, 'remoteId');
  return id ? `${nameOf(change, context)} (${id})` : nameOf(change, context);
};

const TRIGGERS: Record<RunView['trigger'], string> = {
  startup: 'start-up run',
  schedule: 'scheduled run',
  manual: 'manual run',
  event: 'event run',
};

/** "ChatHub (connector chathub), start-up run #1: ok — 4 changes applied, 1 finding". */
export const runHeadline = (run: RunView, context: NarrationContext): string => {
  const { applied, planned, findings } = run.counts;
  const seconds = run.finishedAt
    ? ` in ${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s`
    : '';
  const work =
    planned === 0 ? 'nothing to change' : `${applied} of ${plural(planned, 'planned change')} applied`;
  const seen = findings === 0 ? '' : `, ${plural(findings, 'finding')}`;
  return `${context.platform} (connector ${run.connectorId}), ${TRIGGERS[run.trigger]} #${run.id}: ${run.outcome}${seconds} — ${work}${seen}`;
};

const appliedLines = (changes: ChangeView[], context: NarrationContext): string[] => {
  const lines: string[] = [];
  const applied = (action: ChangeView['action']) =>
    changes.filter((c) => c.action === action && c.outcome === 'applied');
  const created = applied('create');
  if (created.length > 0) {
    lines.push(
      `${plural(created.length, 'operator')} created on ${context.platform}: ${created.map((c) => withRemoteId(c, context)).join(', ')}`,
    );
  }
  const linked = applied('link');
  if (linked.length > 0) {
    const by = [...new Set(linked.map((c) => member(c.after, 'matchedBy') ?? 'match'))].join('/');
    lines.push(
      `${plural(linked.length, `existing ${context.platform} operator`)} linked by ${by}: ${linked.map((c) => withRemoteId(c, context)).join(', ')}`,
    );
  }
  for (const change of applied('update')) {
    lines.push(
      `${nameOf(change, context)}: ${change.field ?? 'value'} ${show(change.before)} → ${show(change.after)}`,
    );
  }
  const deleted = applied('delete');
  if (deleted.length > 0) {
    lines.push(
      `${plural(deleted.length, 'operator')} deleted: ${deleted.map((c) => nameOf(c, context)).join(', ')}`,
    );
  }
  return lines;
};

const unappliedLines = (changes: ChangeView[], context: NarrationContext): string[] => {
  const lines = changes
    .filter((c) => c.action !== 'report' && (c.outcome === 'failed' || c.outcome === 'rejected'))
    .map((c) => `could not ${c.action} ${nameOf(c, context)}: ${c.error ?? c.outcome}`);
  const waiting = changes.filter((c) => c.action !== 'report' && ['planned', 'skipped'].includes(c.outcome));
  if (waiting.length > 0) {
    lines.push(`${plural(waiting.length, 'change')} planned but not applied`);
  }
  return lines;
};

/**
 * What a run found and fixed, one sentence per kind of change, generic over platforms. `tell` words
 * changes for a platform; the others are told generically, findings with their own message.
 */
export const describeRun = (run: RunView, context: NarrationContext, tell?: ChangeTeller): string[] => {
  const lines: string[] = [];
  if (run.outcome === 'failed') {
    lines.push(`the run failed: ${run.error ?? 'no error recorded'}`);
  } else if (run.outcome === 'blocked') {
    lines.push(
      `blocked by the deletion safeguard, nothing applied: ${run.error ?? ''} (see chat-bridge plan; sync --allow-deletes to go ahead)`,
    );
  }
  const told = run.changes.map((change) => ({ change, text: tell?.(change, context) }));
  const generic = told
    .filter((t) => t.text === undefined && t.change.action !== 'report')
    .map((t) => t.change);
  const toldChanges = told.filter((t) => t.change.action !== 'report' && t.text !== undefined);
  lines.push(
    ...appliedLines(generic, context),
    ...toldChanges.map((t) => t.text!),
    ...unappliedLines(generic, context),
  );
  for (const { change, text } of told.filter((t) => t.change.action === 'report')) {
    lines.push(text ?? `${change.operatorKey ? `${nameOf(change, context)}: ` : ''}${show(change.after)}`);
  }
  return lines;
};
