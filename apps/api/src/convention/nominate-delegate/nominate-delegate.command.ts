import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DelegateElectionEvent, delegateElectionDecider } from '../../../../../libs/convention/src';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { chapterOfMember, loadElectionFacts } from '../convention-facts';

export class NominateDelegateCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly nominatedBy: string,
    readonly conventionId: string,
    readonly chapterId: string,
    readonly candidateId: string,
  ) {}
}

export interface DelegateElectionResult {
  readonly electionId: string;
  readonly outcome: CommandOutcome<DelegateElectionEvent>;
}

/** Nominates a chapter member; both members' chapters come from their own streams. */
@CommandHandler(NominateDelegateCommand)
export class NominateDelegateHandler implements ICommandHandler<NominateDelegateCommand, DelegateElectionResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({
    accepted,
    nominatedBy,
    conventionId,
    chapterId,
    candidateId,
  }: NominateDelegateCommand): Promise<DelegateElectionResult> {
    const { electionId, stream, context } = await loadElectionFacts(this.runner, conventionId, chapterId);
    const nominatorChapterId = await chapterOfMember(this.runner, nominatedBy);
    const candidateChapterId =
      candidateId === nominatedBy ? nominatorChapterId : await chapterOfMember(this.runner, candidateId);
    const outcome = await this.runner.run(
      delegateElectionDecider,
      stream,
      accepted.envelope({
        type: 'NominateDelegate',
        data: {
          electionId,
          context,
          candidateId,
          candidateChapterId,
          nominatedBy,
          nominatorChapterId,
          nominatedAt: accepted.acceptedAt,
        },
      }),
    );
    return { electionId, outcome };
  }
}
