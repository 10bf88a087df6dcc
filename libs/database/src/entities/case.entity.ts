import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One case: an LA's reference for one child's journey on one pathway. */
@Entity({ name: 'cases' })
export class CaseRecord {
  @PrimaryColumn({ name: 'la_code', type: 'text' })
  laCode: string;

  @PrimaryColumn({ name: 'case_ref', type: 'text' })
  caseRef: string;

  @Column({ type: 'text' })
  pathway: string;

  @Column({ name: 'child_ref', type: 'text' })
  childRef: string;

  /** Earliest event date seen: the case's first appearance, not necessarily its clock start. */
  @Column({ name: 'first_event_on', type: 'date' })
  firstEventOn: string;

  @Column({ name: 'last_event_on', type: 'date' })
  lastEventOn: string;

  @Column({ name: 'event_count', type: 'int' })
  eventCount: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
