// The SEN2 pre-submission check finds what COLLECT would query: 20 problems of 10 kinds planted in
// a synthetic return, each in its own person, are all found, named by the file's own position and
// field, and nothing else is; the same return unplanted reports no problem. Through
// POST /v1/checks/sen2 against the real API and PostgreSQL; nothing is written.
import { addDays } from '@app/rules';
import { startApi, type TestApi } from './support/api-app';
import { sen2File } from './support/sen2-file';

const SECRET = 'test-only-secret-for-sen2-checks-0123456789';
const LA = '805';
const YEAR = 2025;

let api: TestApi;
const saved = process.env.CHILD_REF_SECRET;

beforeAll(async () => {
  process.env.CHILD_REF_SECRET = SECRET;
  api = await startApi();
});

afterAll(async () => {
  await api?.close();
  if (saved === undefined) delete process.env.CHILD_REF_SECRET;
  else process.env.CHILD_REF_SECRET = saved;
});

const check = (xml: string) =>
  api
    .http()
    .post('/v1/checks/sen2')
    .query({ year: String(YEAR) })
    .set('content-type', 'application/xml')
    .send(xml)
    .expect(200);

const valueOf = (part: string, element: string) => new RegExp(`<${element}>([^<]*)</${element}>`).exec(part)?.[1];

interface Plant {
  kind: string;
  /** Which persons can take it. */
  fits: (part: string) => boolean;
  plant: (part: string) => string;
  field: string;
}

const withPlan = (p: string) => p.includes('<NamedPlan>');
const withNeed = (p: string) => p.includes('<SENtype>');
const decided = (p: string) => p.includes('<RequestOutcome>A</RequestOutcome>');

const PLANTS: Plant[] = [
  {
    kind: 'a date that does not exist',
    fits: withPlan,
    plant: (p) => p.replace(/<StartDate>[^<]+<\/StartDate>/, `<StartDate>${YEAR}-02-30</StartDate>`),
    field: 'StartDate',
  },
  {
    kind: 'a request outcome outside the list',
    fits: decided,
    plant: (p) => p.replace('<RequestOutcome>A</RequestOutcome>', '<RequestOutcome>Z</RequestOutcome>'),
    field: 'RequestOutcome',
  },
  {
    kind: 'an outcome without its date',
    fits: decided,
    plant: (p) => p.replace(/<RequestOutcomeDate>[^<]+<\/RequestOutcomeDate>/, ''),
    field: 'RequestOutcomeDate',
  },
  {
    kind: 'an assessment outcome outside the list',
    fits: (p) => p.includes('<AssessmentOutcome>'),
    plant: (p) => p.replace(/<AssessmentOutcome>[AB]<\/AssessmentOutcome>/, '<AssessmentOutcome>Q</AssessmentOutcome>'),
    field: 'AssessmentOutcome',
  },
  {
    kind: 'a plan that starts before its request',
    fits: withPlan,
    plant: (p) => p.replace(/<StartDate>[^<]+<\/StartDate>/, `<StartDate>${addDays(valueOf(p, 'ReceivedDate')!, -10)}</StartDate>`),
    field: 'StartDate',
  },
  {
    kind: 'a decision dated before the request',
    fits: decided,
    plant: (p) =>
      p.replace(
        /<RequestOutcomeDate>[^<]+<\/RequestOutcomeDate>/,
        `<RequestOutcomeDate>${addDays(valueOf(p, 'ReceivedDate')!, -5)}</RequestOutcomeDate>`,
      ),
    field: 'RequestOutcomeDate',
  },
  {
    kind: 'cease reason 9 (other)',
    fits: withPlan,
    plant: (p) => p.replace('</NamedPlan>', '<CeaseReason>9</CeaseReason></NamedPlan>'),
    field: 'CeaseReason',
  },
  {
    kind: 'a need outside the list',
    fits: withNeed,
    plant: (p) => p.replace(/<SENtype>[^<]+<\/SENtype>/, '<SENtype>XYZ</SENtype>'),
    field: 'SENtype',
  },
  {
    kind: 'a request listed twice',
    fits: (p) => p.includes('<Requests>'),
    plant: (p) => p.replace(/<Requests>.*<\/Requests>/s, (r) => r + r),
    field: 'ReceivedDate',
  },
  // The tenth kind, a person listed twice, is planted by appending copies (below).
];

describe('SEN2 pre-submission check (real API and PostgreSQL)', () => {
  const file = sen2File({ la: LA, persons: 120, year: YEAR, seed: 'planted' });

  it('reports no problem in a clean return', async () => {
    const res = await check(file.xml);
    expect(res.body.problems).toEqual([]);
  });

  it('finds every one of 20 planted problems of 10 kinds, by position and field, and nothing else', async () => {
    const parts = file.xml.split('<Person>');
    const used = new Set<number>();
    const expected: string[] = [];
    for (const plant of PLANTS) {
      for (let copy = 0; copy < 2; copy++) {
        const i = parts.findIndex((p, n) => n > 0 && !used.has(n) && plant.fits(p));
        expect([plant.kind, i > 0]).toEqual([plant.kind, true]);
        used.add(i);
        const before = parts[i];
        parts[i] = plant.plant(parts[i]);
        expect([plant.kind, parts[i] !== before]).toEqual([plant.kind, true]);
        const place = plant.field === 'ReceivedDate' ? `person ${i}, request 2` : `person ${i}, request 1`;
        // Assessment-level findings name the assessment too.
        const where = ['StartDate', 'AssessmentOutcome', 'CeaseReason'].includes(plant.field) ? `${place}, assessment 1` : place;
        expected.push(`${where}: ${plant.field}`);
      }
    }
    // A person listed twice: two clean persons appended again at the end.
    const clean = parts.map((_, n) => n).filter((n) => n > 0 && !used.has(n));
    const last = parts.length - 1;
    const tail = parts[last];
    const copies = clean.slice(0, 2).map((n) => parts[n].replace(/<\/Person>[\s\S]*$/, '</Person>\n  '));
    parts[last] = tail.replace('</Persons>', `<Person>${copies.join('<Person>')}</Persons>`);
    expected.push(`person ${last + 1}: Person`, `person ${last + 2}: Person`);
    const planted = parts.join('<Person>');

    const res = await check(planted);
    const found = res.body.problems.map((p: { record: string; field: string }) => `${p.record}: ${p.field}`);
    expect(expected).toHaveLength(20);
    expect(new Set(PLANTS.map((p) => p.kind)).size + 1).toBe(10);
    expect([...found].sort()).toEqual([...expected].sort());
    // No identifier from the file in the answer.
    const text = JSON.stringify(res.body);
    expect(file.identifiers.filter((id) => text.includes(id))).toEqual([]);
  });
});
