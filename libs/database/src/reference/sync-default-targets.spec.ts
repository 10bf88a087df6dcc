import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDefaultTargets } from './sync-default-targets';

describe('loadDefaultTargets', () => {
  it('reads config/targets.json: every default has a name and a deadline', () => {
    const targets = loadDefaultTargets();
    expect(targets.map((t) => t.name)).toEqual(
      expect.arrayContaining(['nd-started-within-13-weeks', 'slt-within-18-weeks', 'ehc-final-within-20-weeks']),
    );
    for (const t of targets) expect(t.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('fails on a bad file naming the target and the field', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'targets-')), 'targets.json');
    const good = { name: 'ok', pathway: 'slt', measure: 'waiting_count', threshold: 1, comparator: 'lte', deadline: '2027-03-31' };
    writeFileSync(file, JSON.stringify({ targets: [good, { ...good, name: 'undated', deadline: undefined }] }));
    expect(() => loadDefaultTargets(file)).toThrow(`${file}: default target undated: target.deadline is required`);
  });
});
