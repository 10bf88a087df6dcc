// One synthetic spell of SEN support, and one AP placement: reviews roughly each term (some late),
// a need that sometimes changes, endings for the usual reasons; part-time timetables and unreviewed
// placements in AP, as leaders would meet them.
import { type IsoDate, addDays } from '@app/rules';
import type { CaseBuilder } from './case-builder';
import type { Prng } from './prng';

const END_REASONS = { needs_met: 40, left_school: 25, moved_school: 15, ehc_request: 10, other: 10 };
const AP_REASONS = {
  permanent_exclusion: 25,
  suspension: 20,
  health_needs: 20,
  behaviour_support: 20,
  awaiting_school_place: 5,
  send_provision: 10,
};
const PROVIDER_KINDS = ['tuition', 'registered_provider', 'unregistered_provider', 'other'];

export function supportEvents(
  b: CaseBuilder,
  rng: Prng,
  d: { startOn: IsoDate; endOn: IsoDate | null; schoolUrn: string; needCode: string; otherNeed: string; ncYear: number },
): void {
  if (!b.add('support_started', d.startOn, { schoolUrn: d.schoolUrn, needCode: d.needCode, ncYear: d.ncYear })) return;
  const stop = d.endOn ?? '9999-12-31';
  // Reviews about once a term (median 13 weeks); one in six runs past the 16 weeks.
  let on = addDays(d.startOn, Math.round(rng.logNormal(13, 0.25) * 7));
  const changeOn = rng.chance(0.05) ? addDays(d.startOn, rng.int(60, 500)) : null;
  if (changeOn && changeOn < stop) b.add('need_changed', changeOn, { needCode: d.otherNeed });
  while (on < stop && b.add('support_reviewed', on)) on = addDays(on, Math.round(rng.logNormal(13, 0.25) * 7));
  if (d.endOn) b.add('support_ended', d.endOn, { reason: rng.weighted(END_REASONS) });
}

export function placementEvents(b: CaseBuilder, rng: Prng, d: { startOn: IsoDate; endOn: IsoDate | null; providerUrn: string }): void {
  const provider = rng.chance(0.6) ? { providerUrn: d.providerUrn } : { providerKind: rng.pick(PROVIDER_KINDS) };
  // About a third on part-time timetables (under 25 hours).
  const hoursPerWeek = rng.chance(0.35) ? rng.pick([5, 10, 12.5, 15, 20]) : rng.pick([25, 27.5, 30]);
  const started = b.add('placement_started', d.startOn, {
    ...provider,
    hoursPerWeek,
    reason: rng.weighted(AP_REASONS),
    commissionedBy: rng.chance(0.7) ? 'la' : 'school',
  });
  if (!started) return;
  const stop = d.endOn ?? '9999-12-31';
  // Some placements are never reviewed; the rest roughly every 6 weeks, some late.
  if (!rng.chance(0.25)) {
    let on = addDays(d.startOn, Math.round(rng.logNormal(6, 0.3) * 7));
    while (on < stop && b.add('placement_reviewed', on)) on = addDays(on, Math.round(rng.logNormal(6, 0.3) * 7));
  }
  if (d.endOn) b.add('placement_ended', d.endOn, { reason: rng.pick(['returned_to_school', 'moved_setting', 'left_area']) });
}
