import { todayInLondon, type IsoDate } from '@app/rules';

/**
 * Today in Europe/London, once the day has at least `roomMs` left. Workers name each scheduled job by
 * the day they tick in (`nightly:all:2026-12-05`), so a test that waits for one day's jobs must not
 * straddle midnight: a run that began at 23:59 waited for the day before's job while the workers ran
 * the new day's (CI, 5 December 2026). Near midnight this waits for the new day; otherwise at once.
 */
export async function londonDayWithRoom(roomMs: number): Promise<IsoDate> {
  const today = todayInLondon(new Date());
  if (todayInLondon(new Date(Date.now() + roomMs)) === today) return today;
  while (todayInLondon(new Date()) === today) await new Promise((r) => setTimeout(r, 1000));
  return todayInLondon(new Date());
}
