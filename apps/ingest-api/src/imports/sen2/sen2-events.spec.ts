import { Readable } from 'node:stream';
import { childRefOf, childRefSecret, contentEventId, identityKey, MissingSecretError } from './child-ref';
import { personEvents } from './sen2-events';
import { readPerson } from './sen2-person';
import { type XmlRecord, XmlSyntaxError, xmlRecords } from './xml-elements';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

async function records(xml: string): Promise<XmlRecord[]> {
  const out: XmlRecord[] = [];
  // Fed in 7-byte pieces: elements, text and multi-byte characters split across chunks.
  const bytes = Buffer.from(xml);
  const pieces = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
  for await (const r of Readable.from(pieces).pipe(xmlRecords(['Header', 'Person']))) out.push(r as XmlRecord);
  return out;
}

const PERSON = `<Person><Surname>Zyxtést</Surname><Forename>Qwerta</Forename><PersonBirthDate>2012-05-01</PersonBirthDate>
  <PostCode>ZZ99 3AB</PostCode><UPN>Z123456789012</UPN>
  <Requests><ReceivedDate>2025-01-06</ReceivedDate><RequestOutcomeDate>2025-02-10</RequestOutcomeDate><RequestOutcome>A</RequestOutcome>
    <Assessment><AssessmentOutcome>A</AssessmentOutcome><AssessmentOutcomeDate>2025-04-14</AssessmentOutcomeDate><Week20>0</Week20>
      <NamedPlan><StartDate>2025-05-26</StartDate></NamedPlan></Assessment>
    <ActivePlans><ReviewMeeting>2026-05-01</ReviewMeeting><SENneed><SENtype>SEMH</SENtype><SENtypeRank>2</SENtypeRank></SENneed>
      <SENneed><SENtype>ASD</SENtype><SENtypeRank>1</SENtypeRank></SENneed></ActivePlans></Requests>
  <Requests><ReceivedDate>2025-09-01</ReceivedDate><RequestOutcomeDate>2025-10-01</RequestOutcomeDate>
    <RequestOutcome>B</RequestOutcome></Requests>
</Person>`;

describe('SEN2 records: read as they stream, one Person at a time', () => {
  it('gives the Header and each Person with its position, whatever the chunking', async () => {
    const got = await records(
      `<?xml version="1.0"?><Message><Header><Source><LEA>805</LEA></Source></Header><Persons>${PERSON}${PERSON}</Persons></Message>`,
    );
    expect(got.map((r) => [r.element.name, r.position])).toEqual([
      ['Header', 1],
      ['Person', 1],
      ['Person', 2],
    ]);
    expect(got[1].element.children.find((c) => c.name === 'Surname')?.text).toBe('Zyxtést');
  });

  it('refuses XML that is not well-formed, with the line', async () => {
    await expect(records('<Message>\n<Persons>\n<Person></Persons>')).rejects.toBeInstanceOf(XmlSyntaxError);
    await expect(records('<Message>\n<Persons>\n<Person></Persons>')).rejects.toThrow(/line 3/);
  });
});

describe('SEN2 Person to events', () => {
  it('makes the request, decisions, final plan and active plan, keyed by content, with no identifier', async () => {
    const [person] = await records(PERSON);
    const p = readPerson(person.element, 1, SECRET);
    const { events, findings } = personEvents(p, '805', SECRET);
    expect(findings).toEqual([]);
    expect(events.map((e) => `${e.pathway as string}:${e.type as string}:${e.date as string}`)).toEqual([
      'ehc_assessment:request_received:2025-01-06',
      'ehc_assessment:decision_to_assess:2025-02-10',
      'ehc_assessment:decision_to_issue:2025-04-14',
      'ehc_assessment:final_plan_issued:2025-05-26',
      'annual_review:plan_active:2025-05-26',
      'annual_review:review_meeting_held:2026-05-01',
      'ehc_assessment:request_received:2025-09-01',
      'ehc_assessment:decision_to_assess:2025-10-01',
    ]);
    expect(events[0]).toMatchObject({ needCode: 'ASD', childRef: childRefOf(SECRET, 'upn:Z123456789012') });
    expect(events[7]).toMatchObject({ outcome: 'refuse' });
    // Two requests, two cases; one plan, its own case; one child.
    expect(new Set(events.map((e) => e.caseRef)).size).toBe(3);
    expect(new Set(events.map((e) => e.childRef)).size).toBe(1);
    const text = JSON.stringify(events);
    for (const id of ['Zyxt', 'Qwerta', 'ZZ99', 'Z123456789012', '2012-05-01']) expect(text).not.toContain(id);
    // Same content, same ids; another secret, other references.
    expect(personEvents(readPerson(person.element, 1, SECRET), '805', SECRET).events.map((e) => e.eventId)).toEqual(
      events.map((e) => e.eventId),
    );
    expect(personEvents(readPerson(person.element, 1, `${SECRET}x`), '805', `${SECRET}x`).events[0].childRef).not.toBe(events[0].childRef);
  });

  it('names problems by position and field, and makes no event from a bad date', async () => {
    const bad = PERSON.replace('<RequestOutcome>A</RequestOutcome>', '<RequestOutcome>Q</RequestOutcome>').replace(
      '<StartDate>2025-05-26</StartDate>',
      '<StartDate>26/05/2025</StartDate>',
    );
    const [person] = await records(bad);
    const { events, findings } = personEvents(readPerson(person.element, 4, SECRET), '805', SECRET);
    expect(findings.map((f) => [f.person, f.request, f.assessment, f.field])).toEqual([
      [4, 1, undefined, 'RequestOutcome'],
      [4, 1, 1, 'StartDate'],
    ]);
    expect(events.some((e) => e.type === 'final_plan_issued')).toBe(false);
  });

  it('derives the reference from the UPN, else the ULN, else name and birth date; never from nothing', () => {
    expect(identityKey({ upn: ' z1234 ', uln: '9' })).toBe('upn:Z1234');
    expect(identityKey({ uln: '9000' })).toBe('uln:9000');
    expect(identityKey({ surname: 'A', forename: 'B', birthDate: '2012-01-01' })).toBe('person:A|B|2012-01-01');
    expect(identityKey({ surname: 'A', forename: 'B' })).toBeUndefined();
    expect(contentEventId(SECRET, ['805', 'x', 1])).toMatch(/^imp-[0-9a-f]{32}$/);
  });

  it('refuses to work without a long enough secret', () => {
    expect(() => childRefSecret({})).toThrow(MissingSecretError);
    expect(() => childRefSecret({ CHILD_REF_SECRET: 'short' })).toThrow(/too short/);
    expect(childRefSecret({ CHILD_REF_SECRET: SECRET })).toBe(SECRET);
  });
});
