import { Field, ObjectType } from '@nestjs/graphql';
import { DateTime } from '../graphql/scalars';

/**
 * Where a fact of the audit read models comes from: the event that recorded it. Every link of a
 * rule's provenance, every entry of an audit trail carries one, so a reader can ask the ledger
 * (`ledgerEntry(position)`) for the proof that this event is in the signed log.
 */
@ObjectType({ description: 'The event that recorded a fact: where it is in the log, when, and by whom' })
export class Recorded {
  @Field({ description: 'Global log position of the event; ask ledgerEntry(position) for its inclusion proof' })
  position!: string;

  @Field(() => DateTime, { description: 'When the command that wrote it was accepted' })
  at!: string;

  @Field({ description: 'The event type, e.g. AmendmentAdopted' })
  eventType!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Pseudonym of the member who did it, or the operator name; null when no one is named (a system step, or a secret ballot)',
  })
  actor!: string | null;
}
