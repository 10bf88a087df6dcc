// Files that seed an LA of their own ("this file's own LA") count that LA's cases exactly, so two
// files running at once on the same LA wait for counts that never come. Each must be unique.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('test files that own an LA', () => {
  it('each own a different one', () => {
    const owners = new Map<string, string[]>();
    for (const f of readdirSync(__dirname).filter((n) => n.endsWith('.e2e-spec.ts'))) {
      const m = /^const LA = '(\d{3})'; \/\/ this file's own LA/m.exec(readFileSync(join(__dirname, f), 'utf8'));
      if (m) owners.set(m[1], [...(owners.get(m[1]) ?? []), f]);
    }
    expect(owners.size).toBeGreaterThan(5);
    expect([...owners].filter(([, files]) => files.length > 1)).toEqual([]);
  });
});
