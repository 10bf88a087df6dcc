// Targets as stored and served: the rules' Target plus who owns it and where it came from.
import type { IsoDate, Pathway, Rag, Target, TargetMeasure } from '@app/rules';

export type TargetSource = 'default' | 'local';

export interface StoredTarget extends Omit<Target, 'la' | 'name'> {
  la: string;
  id: number;
  name: string;
  source: TargetSource;
  createdAt: string;
  updatedAt: string;
}

export interface TargetStatusRow {
  on: IsoDate;
  expected: number;
  actual: number | null;
  /** null when the snapshot had no figure for the measure. */
  status: Rag | null;
  deadlinePassed: boolean;
}

export type TargetView = StoredTarget & { latestStatus: TargetStatusRow | null };

/** One target's status on a date, named so a list of an LA's statuses reads on its own. */
export type NamedTargetStatus = TargetStatusRow & { targetId: number; name: string; pathway: Pathway; measure: TargetMeasure };

/** What a caller sends to create a target (PUT sends the same without la; name optional). */
export interface TargetInput {
  la: string;
  name: string;
  pathway: Pathway;
  measure: TargetMeasure;
  threshold: number;
  comparator: 'lte' | 'gte';
  deadline: IsoDate;
  trajectory?: { date: IsoDate; value: number }[];
  interpolation?: 'linear' | 'step';
}

export type TargetReplacement = Omit<TargetInput, 'la' | 'name'> & { name?: string };
