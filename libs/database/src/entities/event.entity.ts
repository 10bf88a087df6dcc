import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One stored event of the contract. Append-only: a trigger refuses UPDATE and DELETE. */
@Entity({ name: 'events' })
export class EventRecord {
  @PrimaryColumn({ name: 'la_code', type: 'text' })
  laCode: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId: string;

  @Column({ name: 'case_ref', type: 'text' })
  caseRef: string;

  @Column({ name: 'child_ref', type: 'text' })
  childRef: string;

  @Column({ type: 'text' })
  pathway: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ name: 'occurred_on', type: 'date' })
  occurredOn: string;

  /** The type's own fields (outcome, service, reason, ...), as received. */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ name: 'retracts_event_id', type: 'text', nullable: true })
  retractsEventId: string | null;

  /** Where it came from: 'api', 'import' or 'seed'. */
  @Column({ type: 'text' })
  source: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
