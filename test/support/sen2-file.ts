// A synthetic SEN2 return, written the way COLLECT lays the person-level XML out: a Header with
// the LA, then one Person per child with the Person module's identifiers (all invented here: ZZ99
// postcodes, made-up names and UPNs), their Requests, Assessments, NamedPlans and ActivePlans.
// The draw also gives what the file itself says about a year, computed from it directly, and every
// identifier it wrote, so a test can look for them where they must never be.
import { addDays, daysBetween } from '@app/rules';
import { Prng, hashSeed } from '../../apps/ingest-api/src/seed/prng';

export interface Sen2FileOptions {
  la: string;
  persons: number;
  /** The calendar year whose plans the expectations count. */
  year: number;
  seed?: string;
}

export interface Sen2File {
  xml: string;
  /** Names, UPNs, ULNs, postcodes and dates of birth the file holds. */
  identifiers: string[];
  /** From the file alone, for plans whose named plan starts in `year`. */
  expected: {
    plansIssued: number;
    within20Weeks: number;
    /** Plans without Week20 (the LA reports no exception), and those of them within 20 weeks. */
    withoutException: number;
    within20WeeksWithoutException: number;
    requests: number;
    activePlans: number;
  };
}

const NEEDS = ['ASD', 'SLCN', 'SEMH', 'MLD', 'SPLD', 'PD'];
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXY';

const el = (name: string, value: string | number | undefined) => (value === undefined ? '' : `<${name}>${value}</${name}>`);
const els = (pairs: [string, string | number | undefined][]) => pairs.map(([n, v]) => el(n, v)).join('');

export function sen2File(o: Sen2FileOptions): Sen2File {
  const rng = new Prng(hashSeed('sen2', o.seed ?? 'x', o.la, o.persons));
  const identifiers: string[] = [];
  const expected = { plansIssued: 0, within20Weeks: 0, withoutException: 0, within20WeeksWithoutException: 0, requests: 0, activePlans: 0 };
  const census = `${o.year + 1}-01-16`;
  const persons: string[] = [];
  for (let i = 1; i <= o.persons; i++) {
    const letter = () => LETTERS[rng.int(0, LETTERS.length - 1)];
    const surname = `Zyxtest${letter()}${i}`;
    const forename = `Qwerta${letter()}${i}`;
    const birthDate = addDays(`${o.year - 14}-01-01`, rng.int(0, 3650));
    const postcode = `ZZ99 ${rng.int(1, 9)}${letter()}${letter()}`;
    // Most have a UPN; some only a unique learner number; a few neither (identified by name and birth date).
    const kind = rng.chance(0.85) ? 'upn' : rng.chance(0.6) ? 'uln' : 'none';
    const upn = kind === 'upn' ? `Z${String(rng.int(0, 999_999)).padStart(6, '0')}${String(i).padStart(6, '0')}` : undefined;
    const uln = kind === 'uln' ? String(9_000_000_000 + i * 7) : undefined;
    identifiers.push(surname, forename, postcode, ...(upn ? [upn] : []), ...(uln ? [uln] : []));

    const received = addDays(`${o.year - 1}-03-01`, rng.int(0, 560));
    expected.requests++;
    const request: [string, string | number | undefined][] = [
      ['ReceivedDate', received],
      ['RequestSource', rng.int(1, 5)],
      ['RYA', 0],
      ['RequestOutcomeDate', addDays(received, rng.int(20, 60))],
    ];
    const roll = rng.next();
    let inner = '';
    if (roll < 0.8) {
      request.push(['RequestOutcome', 'A'], ['RequestMediation', 0], ['RequestTribunal', 0], ['Exported', 0]);
      // The decision to issue comes before any plan starts (100 days or more after the request).
      const outcomeOn = addDays(received, rng.int(70, 99));
      const issue = rng.chance(0.9);
      const start = addDays(received, rng.chance(0.55) ? rng.int(100, 140) : rng.int(141, 420));
      let plan = '';
      let active = '';
      // About one plan in eight is reported as issued under an exception (Week20).
      const week20 = issue && start <= census && rng.chance(0.125);
      if (issue && start <= census) {
        plan = `<NamedPlan>${els([
          ['StartDate', start],
          ['PlanRes', 0],
          ['PlanWPB', 0],
        ])}</NamedPlan>`;
        if (Number(start.slice(0, 4)) === o.year) {
          expected.plansIssued++;
          const within = daysBetween(received, start) <= 140;
          if (within) expected.within20Weeks++;
          if (!week20) expected.withoutException++;
          if (!week20 && within) expected.within20WeeksWithoutException++;
        }
        const meeting = addDays(start, rng.int(300, 380));
        const need = els([
          ['SENtype', NEEDS[rng.int(0, NEEDS.length - 1)]],
          ['SENtypeRank', 1],
        ]);
        active = `<ActivePlans>${el('ReviewMeeting', meeting <= census ? meeting : undefined)}<SENneed>${need}</SENneed></ActivePlans>`;
        expected.activePlans++;
      }
      const outcome = els([
        ['AssessmentOutcome', issue ? 'A' : 'B'],
        ['AssessmentOutcomeDate', outcomeOn],
        ['Week20', week20 ? 1 : 0],
      ]);
      inner = `<Assessment>${outcome}${plan}</Assessment>${active}`;
    } else {
      request.push(['RequestOutcome', roll < 0.95 ? 'B' : 'C']);
    }
    const person = els([
      ['Surname', surname],
      ['Forename', forename],
      ['PersonBirthDate', birthDate],
      ['Sex', rng.chance(0.7) ? 'M' : 'F'],
      ['Ethnicity', 'WBRI'],
      ['PostCode', postcode],
      ['UPN', upn],
      ['UniqueLearnerNumber', uln],
      ['UPNunknown', kind === 'upn' ? undefined : 'UN2'],
    ]);
    persons.push(`  <Person>${person}<Requests>${els(request)}${inner}</Requests></Person>`);
  }
  const collection = els([
    ['Collection', 'SEN2'],
    ['Year', o.year + 1],
    ['ReferenceDate', census],
  ]);
  const source = els([
    ['SourceLevel', 'L'],
    ['LEA', o.la],
    ['SoftwareCode', 'TEST'],
    ['Release', '1'],
    ['SerialNo', '1'],
    ['DateTime', `${census}T09:00:00`],
  ]);
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n` +
    `<Header><CollectionDetails>${collection}</CollectionDetails><Source>${source}</Source></Header>\n` +
    `<Persons>\n${persons.join('\n')}\n</Persons>\n</Message>\n`;
  return { xml, identifiers, expected };
}
