import { Injectable } from '@nestjs/common';
import type { BreachList } from './milestone-row';
import { MilestonesRepository } from './milestones.repository';

/** What other modules may ask of the stored milestones. */
@Injectable()
export class MilestonesService {
  constructor(private readonly repo: MilestonesRepository) {}

  /** Overdue milestones of open cases, grouped by pathway, kind and service, with their case refs. */
  breaches(la: string): Promise<BreachList[]> {
    return this.repo.breaches(la);
  }

  milestonesOf(la: string, caseRef: string) {
    return this.repo.milestonesOf(la, caseRef);
  }
}
