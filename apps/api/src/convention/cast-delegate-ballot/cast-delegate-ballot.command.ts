import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  DelegateBallotChoice,
  DelegateBallotEvent,
  delegateBallotDecider,
  delegateBallotStream,
} from '../../../../../libs/convention/src';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { chapterOfMember, loadElection, loadElectionFacts } from '../convention-facts';

export class CastDelegateBallotCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly voterId: string,
    readonly conventionId: string,
    readonly chapterId: string,
    readonly choice: DelegateBallotChoice,
  ) {}
}

export interface CastDelegateBallotResult {
  readonly electionId: string;
  readonly outcome: CommandOutcome<DelegateBallotEvent>;
}

/**
 * Writes the voter's ballot to their own stream, after reading the election's state and the
 * voter's chapter from their member stream. The election stream is only read, never appended to.
 */
@CommandHandler(CastDelegateBallotCommand)
export class CastDelegateBallotHandler implements ICommandHandler<CastDelegateBallotCommand, CastDelegateBallotResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({
    accepted,
    voterId,
    conventionId,
    chapterId,
    choice,
  }: CastDelegateBallotCommand): Promise<CastDelegateBallotResult> {
    const { electionId, context } = await loadElectionFacts(this.runner, conventionId, chapterId);
    const election = await loadElection(this.runner, electionId);
    const voterChapterId = await chapterOfMember(this.runner, voterId);
    const outcome = await this.runner.run(
      delegateBallotDecider,
      delegateBallotStream(electionId, voterId),
      accepted.envelope({
        type: 'CastDelegateBallot',
        data: {
          electionId,
          voterId,
          voterChapterId,
          election: {
            status: election.status,
            phase: context.phase,
            chapterId,
            method: context.method,
            candidates: election.status === 'NONE' ? [] : election.candidates,
          },
          choice,
          castAt: accepted.acceptedAt,
        },
      }),
    );
    return { electionId, outcome };
  }
}
