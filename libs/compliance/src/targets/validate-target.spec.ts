import { TARGET_MEASURES } from '@app/rules';
import { TargetInvalidError } from './target-errors';
import { MEASURE_PATHWAYS, validateTarget } from './validate-target';

const slt = {
  name: 'slt-within-18-weeks-local',
  pathway: 'slt',
  measure: 'waiting_within_target_pct',
  threshold: 92,
  comparator: 'gte',
  deadline: '2027-03-31',
  trajectory: [{ date: '2026-12-31', value: 80 }],
};

function fieldOf(raw: Record<string, unknown>): string {
  try {
    validateTarget(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(TargetInvalidError);
    return (e as TargetInvalidError).field;
  }
  throw new Error('expected a refusal');
}

describe('validateTarget', () => {
  it('accepts a target with a number and a date', () => {
    expect(validateTarget(slt)).toMatchObject({ name: slt.name, deadline: '2027-03-31', interpolation: 'linear' });
  });

  it('refuses a target without a deadline, naming the field', () => {
    const { deadline: _d, ...undated } = slt;
    expect(fieldOf(undated)).toBe('deadline');
    expect(() => validateTarget(undated)).toThrow('deadline is required: a target without a date is refused');
  });

  it('names the field of a bad trajectory point', () => {
    expect(fieldOf({ ...slt, trajectory: [{ date: '2027-04-01', value: 1 }] })).toBe('trajectory[0].date');
  });

  it('refuses a measure the pathway does not carry, and a name that is not a code', () => {
    expect(fieldOf({ ...slt, pathway: 'ehc_assessment' })).toBe('measure');
    expect(fieldOf({ ...slt, name: 'Waiting times!' })).toBe('name');
    expect(fieldOf({ ...slt, name: undefined })).toBe('name');
  });

  it('gives every measure at least one pathway', () => {
    for (const m of TARGET_MEASURES) expect(MEASURE_PATHWAYS[m].length).toBeGreaterThan(0);
  });
});
