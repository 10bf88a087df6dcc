// The Prometheus rule file names only metrics this code exports: a renamed metric would leave an
// alert that can never fire, silently.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Metrics } from './metrics';

interface Rule {
  alert?: string;
  expr?: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const RULES_FILE = join(__dirname, '..', '..', '..', 'config', 'prometheus', 'alerts.yml');
const rules: Rule[] = (parse(readFileSync(RULES_FILE, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);

/** Every series name this process can expose, histograms' and summaries' suffixes included. */
async function exported(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const m of await new Metrics().registry.getMetricsAsJSON()) {
    names.add(m.name);
    // prom-client's types say an enum; at run time the type is its text ('histogram').
    const type = String(m.type);
    if (type === 'histogram' || type === 'summary') for (const s of ['_bucket', '_sum', '_count']) names.add(`${m.name}${s}`);
  }
  return names;
}

describe('config/prometheus/alerts.yml', () => {
  it('has the alerts that should wake someone', () => {
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining(['SendOutboxStuck', 'SendNightlyMissed', 'SendQueueFailing', 'SendDatabaseDown']),
    );
  });

  it.each(rules.map((r) => [r.alert, r] as const))(
    '%s names only metrics we export, with a severity and a summary',
    async (_name, rule) => {
      const names = await exported();
      const used = [...(rule.expr ?? '').matchAll(/\bsend_[a-z0-9_]+/g)].map((m) => m[0]);
      expect(used.length).toBeGreaterThan(0);
      expect(used.filter((n) => !names.has(n))).toEqual([]);
      expect(['page', 'ticket']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toBeTruthy();
      expect(rule.for).toMatch(/^\d+[smh]$/);
    },
  );

  it('would catch a misspelt metric', async () => {
    const names = await exported();
    expect(names.has('send_outbox_oldest_age_seconds')).toBe(true);
    expect(names.has('send_outbox_oldest_age_second')).toBe(false);
  });
});
