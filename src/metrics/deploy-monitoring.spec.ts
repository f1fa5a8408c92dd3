import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { MetricsService } from '@app/metrics/metrics.service';
import { promtool } from '@app/metrics/testing/promtool';

const ROOT = join(__dirname, '../..');

// Series prom-client derives from a histogram's name.
const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'];
// Registered by other providers on the same registry (collected on scrape from the database).
const COLLECTED_ELSEWHERE = [
  'chat_bridge_connector_up',
  'chat_bridge_connector_last_success_timestamp_seconds',
  'chat_bridge_connector_blocked',
  'chat_bridge_inbox_depth',
  'chat_bridge_inbox_oldest_pending_age_seconds',
];

const metricNamesIn = (expr: string): string[] =>
  [...expr.matchAll(/\b(chat_bridge_[a-z0-9_]+)/g)].map((m) => m[1]);

/** promtool is not on a clean machine: the files are parsed, and every metric they use must exist. */
describe('deploy/ monitoring files', () => {
  const known = new Set([
    ...new MetricsService().registry.getMetricsAsArray().map((metric) => metric.name),
    ...COLLECTED_ELSEWHERE,
  ]);
  const exists = (name: string): boolean =>
    known.has(name) ||
    HISTOGRAM_SUFFIXES.some((suffix) => name.endsWith(suffix) && known.has(name.slice(0, -suffix.length)));

  it('should give every Prometheus alert rule a name, an expression on existing metrics and a summary', () => {
    const file = parse(readFileSync(join(ROOT, 'deploy/prometheus-alerts.yml'), 'utf8')) as {
      groups: Array<{
        name: string;
        rules: Array<{ alert: string; expr: string; annotations: { summary: string } }>;
      }>;
    };
    const rules = file.groups.flatMap((group) => group.rules);

    expect(rules.length).toBeGreaterThanOrEqual(5);
    for (const rule of rules) {
      expect(rule.alert).toMatch(/^ChatBridge[A-Za-z]+$/);
      expect(rule.annotations.summary).toBeTruthy();
      expect(metricNamesIn(rule.expr).length).toBeGreaterThan(0);
      expect(metricNamesIn(rule.expr).filter((name) => !exists(name))).toEqual([]);
    }
  });

  it('should query only existing metrics in every Grafana panel', () => {
    const dashboard = JSON.parse(readFileSync(join(ROOT, 'deploy/grafana-dashboard.json'), 'utf8')) as {
      uid: string;
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
    };

    expect(dashboard.uid).toBe('chat-bridge');
    for (const panel of dashboard.panels) {
      const names = panel.targets.flatMap((target) => metricNamesIn(target.expr));
      expect({ panel: panel.title, unknown: names.filter((name) => !exists(name)) }).toEqual({
        panel: panel.title,
        unknown: [],
      });
    }
  });
});

describe('deploy/prometheus-alerts.yml under promtool', () => {
  const run = (args: string[]): string => execFileSync(promtool(), args, { cwd: ROOT, encoding: 'utf8' });

  it('should pass promtool check rules', () => {
    expect(run(['check', 'rules', 'deploy/prometheus-alerts.yml'])).toContain('SUCCESS');
  });

  it('should fire each alert when, and only when, its unit tests say (promtool test rules)', () => {
    expect(run(['test', 'rules', 'deploy/tests/prometheus-alerts.test.yml'])).toContain('SUCCESS');
  });
});
