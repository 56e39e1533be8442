import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { CommandOutcome } from '../../../../libs/event-store/src';
import { DomainEvent } from '../../../../libs/core/src';

@ObjectType({ description: 'What a mutation wrote to the event log' })
export class CommandReceipt {
  @Field({ description: 'Id of the command; send the same id again to retry without doing it twice' })
  commandId!: string;

  @Field({
    description:
      'Global log position of the last event written; pass it as waitForPosition to a query to read your own writes',
  })
  position!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Revision of the changed stream after the command; send it as expectedRevision to update it again',
  })
  revision!: string | null;

  @Field({ description: 'True when this command id had already been carried out and nothing new was written' })
  replayed!: boolean;

  static of(commandId: string, outcome: CommandOutcome<DomainEvent>): CommandReceipt {
    const receipt = new CommandReceipt();
    receipt.commandId = commandId;
    receipt.position = outcome.position.toString();
    receipt.revision = outcome.revision === null ? null : outcome.revision.toString();
    receipt.replayed = outcome.replayed;
    return receipt;
  }
}

/** Fields every mutation input accepts, for idempotent retries and optimistic concurrency. */
@InputType({ isAbstract: true })
export abstract class CommandInput {
  @Field({ nullable: true, description: 'Client-chosen UUID; a retry with the same id is carried out only once' })
  @IsOptional()
  @IsUUID('all', { message: 'commandId must be a UUID' })
  commandId?: string;

  @Field({
    nullable: true,
    description:
      'The stream revision the client read, or "no_stream"; if the stream has moved on, the mutation fails with CONFLICT',
  })
  @IsOptional()
  @Matches(/^(no_stream|0|[1-9][0-9]{0,18})$/, { message: 'expectedRevision must be a revision number or "no_stream"' })
  expectedRevision?: string;
}
