// The compiled checks against class-validator itself, on a large generated set of good and bad
// records of every event DTO of every pathway. The DTOs and their fields are read from the
// registry and class-validator's metadata, and candidate values from every code list @app/rules
// exports, so a pathway, type or field added later is covered without touching this file.
import 'reflect-metadata';
import { getMetadataStorage, validateSync } from 'class-validator';
import * as rules from '@app/rules';
import { EVENT_TYPES, PATHWAYS } from '@app/rules';
import { compiledCheckFor, isFullyCompiled } from './dto/compiled-checks';
import { dtoFor, NESTED, toDtoInstance } from './dto/event-dto-registry';
import { validateEventRecord, type ValidationContext } from './event-validator';

type DtoClass = abstract new (...args: never[]) => object;
const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false } } as const;
const ctx: ValidationContext = { knownLas: new Set(['805', '201', '330']), today: '2026-11-22' };

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const codeLists = (Object.values(rules) as unknown[]).filter(
  (v): v is readonly string[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'),
);
const SCALARS: unknown[] = [
  ...new Set(codeLists.flat()),
  ...['', ' ', 'x', 'Smith', 'E-1', 'EHC-1', 'C-1', 'A1/b:2.c_3-4', `R${'1'.repeat(64)}`, '1', '805', '80', '8050', 'ABC'],
  ...['2026-01-05', '2025-06-30', '2026-02-30', '2026-2-5', '1989-12-31', '2027-01-01', '05/01/2026', 'true', 'TRUE'],
  ...['no_longer_required', 'No Longer', 'post16_move', 'moved_away', 'amend'],
  ...['900001', '12345', '1234567', 25, 12.5, 40],
  ...[0, 1, -1, 1999, 2000, 2026, 2026.5, 2100, 2101, Number.NaN, true, false, null, undefined, [], ['SLCN'], {}],
];

/** The fields class-validator knows for a class. */
function fieldsOf(cls: DtoClass): string[] {
  const storage = getMetadataStorage();
  return Object.keys(storage.groupByPropertyName(storage.getTargetValidationMetadatas(cls, '', false, false)));
}

function pick<T>(next: () => number, values: readonly T[]): T {
  return values[Math.floor(next() * values.length)];
}

/** A nested field's value: an object of its class's fields, or any scalar. */
function valueFor(next: () => number, field: string): unknown {
  const nested = NESTED[field];
  if (nested && next() < 0.8) {
    const o: Record<string, unknown> = {};
    for (const f of fieldsOf(nested)) if (next() < 0.8) o[f] = pick(next, SCALARS);
    if (next() < 0.05) o.extra = 1;
    return o;
  }
  return pick(next, SCALARS);
}

/** A record class-validator passes, found field by field from the candidates (conditions may need two rounds). */
function goodRecord(next: () => number, cls: DtoClass, pathway: string, type: string): Record<string, unknown> {
  const record: Record<string, unknown> = { pathway, type, la: '805' };
  for (let round = 0; round < 3; round++) {
    for (const field of fieldsOf(cls)) {
      if (field === 'pathway' || field === 'type') continue;
      const bad = () => validateSync(toDtoInstance(cls as never, record), OPTIONS).some((e) => e.property === field);
      for (let tries = 0; tries < 400 && bad(); tries++) record[field] = valueFor(next, field);
    }
  }
  for (const k of Object.keys(record)) if (record[k] === undefined) delete record[k];
  return record;
}

const dtos = PATHWAYS.flatMap((pathway) =>
  (EVENT_TYPES[pathway] as readonly string[]).map((type) => ({ pathway, type, cls: dtoFor(pathway, type)! })),
);

describe('compiled checks', () => {
  it('compile every rule of every event DTO (none is left to class-validator alone)', () => {
    const classes = new Set<DtoClass>([...dtos.map((d) => d.cls), ...Object.values(NESTED)]);
    expect([...classes].filter((c) => !isFullyCompiled(c)).map((c) => c.name)).toEqual([]);
  });

  it.each(dtos.map((d) => [`${d.pathway} ${d.type}`, d] as const))(
    'agree with class-validator on good and bad records: %s',
    (_name, { pathway, type, cls }) => {
      const next = random(pathway.length * 1000 + type.length * 7 + type.charCodeAt(0));
      const good = goodRecord(next, cls, pathway, type);
      expect(validateSync(toDtoInstance(cls, good), OPTIONS)).toEqual([]);
      const fields = [...fieldsOf(cls), 'extra'];
      let passed = 0;
      let failed = 0;
      for (let n = 0; n < 1500; n++) {
        const record = { ...good };
        // Most records change one to three fields (removed, or any candidate); some stay good.
        for (let k = Math.floor(next() * 4); k > 0; k--) {
          const field = pick(next, fields);
          if (next() < 0.2) delete record[field];
          else record[field] = valueFor(next, field);
        }
        record.pathway = pathway;
        record.type = type;
        const instance = toDtoInstance(cls, record);
        const classValidatorPasses = validateSync(instance, OPTIONS).length === 0;
        const compiledPasses = compiledCheckFor(cls)(instance);
        // A compiled pass must never admit what class-validator refuses. The other way round only
        // costs time: a record the compiled check does not pass goes on to class-validator, whose
        // answer stands (class-validator lets an empty array through @ValidateNested, for one).
        if (compiledPasses && !classValidatorPasses) {
          throw new Error(
            `${pathway} ${type}: compiled ${compiledPasses}, class-validator ${classValidatorPasses} on ${JSON.stringify(record)}`,
          );
        }
        if (compiledPasses) passed++;
        else failed++;
        // And the answer a caller gets, errors and all, is the same either way.
        expect(validateEventRecord(record, n, ctx, true)).toEqual(validateEventRecord(record, n, ctx, false));
      }
      // Both kinds were generated in number, so the agreement means something.
      expect(passed).toBeGreaterThan(100);
      expect(failed).toBeGreaterThan(100);
    },
  );
});
