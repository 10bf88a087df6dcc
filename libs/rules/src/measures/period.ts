// Reporting periods and grouping keys shared by the measures.
import type { IsoDate } from '../contract';
import { NEED_AREAS, type NeedCode } from '../contract/vocabulary';
import type { CaseEvaluation } from '../evaluate';

/** Both ends inclusive. */
export interface Period {
  from: IsoDate;
  to: IsoDate;
}

export const inPeriod = (date: IsoDate | null, p: Period): date is IsoDate => date !== null && date >= p.from && date <= p.to;

export type NeedArea = keyof typeof NEED_AREAS | 'unknown';

const AREA_OF = new Map<string, NeedArea>(
  Object.entries(NEED_AREAS).flatMap(([area, codes]) => codes.map((c) => [c, area as NeedArea] as const)),
);

/** The Code of Practice broad area of a SEN2 primary need code. */
export const needAreaOf = (code: NeedCode | null | undefined): NeedArea => (code ? (AREA_OF.get(code) ?? 'unknown') : 'unknown');

/** Ready-made grouping keys for measureBy. */
export const GROUP_BY = {
  all: () => 'all',
  la: (e: CaseEvaluation) => e.la,
  pathway: (e: CaseEvaluation) => e.pathway,
  needCode: (e: CaseEvaluation) => e.needCode ?? 'unknown',
  needArea: (e: CaseEvaluation) => needAreaOf(e.needCode),
} as const;
