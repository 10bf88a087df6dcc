import { Injectable } from '@nestjs/common';
import type { BreachList, OverdueStep } from './milestone-row';
import { MilestonesRepository, type RequestStep } from './milestones.repository';

export type { RequestStep };

/** What other modules may ask of the stored milestones. */
@Injectable()
export class MilestonesService {
  constructor(private readonly repo: MilestonesRepository) {}

  /** Overdue milestones of open cases, grouped by pathway, kind and service, with their case refs. */
  breaches(la: string): Promise<BreachList[]> {
    return this.repo.breaches(la);
  }

  /** Decisions to assess and final plans of EHC requests whose clock started on or after `since`. */
  requestSteps(la: string, since: string): Promise<RequestStep[]> {
    return this.repo.requestSteps(la, since);
  }

  /** The open cases longest overdue, each with its oldest overdue step and who owns it. */
  longestOverdue(la: string, limit = 10): Promise<OverdueStep[]> {
    return this.repo.longestOverdue(la, limit);
  }

  milestonesOf(la: string, caseRef: string) {
    return this.repo.milestonesOf(la, caseRef);
  }
}
