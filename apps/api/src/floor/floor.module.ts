import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule } from '../auth/auth.module';
import { ConventionModule } from '../convention/convention.module';
import { AcceptFriendlyAmendmentHandler } from './accept-friendly-amendment/accept-friendly-amendment.command';
import { CastConventionVoteHandler } from './cast-convention-vote/cast-convention-vote.command';
import { CloseConventionVoteHandler } from './close-convention-vote/close-convention-vote.command';
import { FloorDelegates } from './floor-facts';
import { FloorPhaseConditions } from './floor-phase-conditions';
import { FloorStreams } from './floor-streams';
import { FloorWorkflows } from './floor-workflows';
import { FloorReadModel } from './floor.read-model';
import { CharterResolver, ConventionVoteResolver, FloorResolver } from './floor.resolver';
import { OpenConventionVoteHandler } from './open-convention-vote/open-convention-vote.command';
import { ProposeAmendmentHandler } from './propose-amendment/propose-amendment.command';
import { RebaseAmendmentHandler } from './rebase-amendment/rebase-amendment.command';
import { SecondProposalHandler } from './second-proposal/second-proposal.command';
import { SubmitProposalHandler } from './submit-proposal/submit-proposal.command';
import { WithdrawAmendmentHandler } from './withdraw-amendment/withdraw-amendment.command';
import { WithdrawProposalHandler } from './withdraw-proposal/withdraw-proposal.command';

/** The convention floor: proposals, amendments, the agenda, convention votes and the charter they make. */
@Module({
  imports: [CqrsModule, AuthModule, ConventionModule],
  providers: [
    FloorResolver,
    CharterResolver,
    ConventionVoteResolver,
    FloorReadModel,
    FloorDelegates,
    FloorStreams,
    FloorPhaseConditions,
    FloorWorkflows,
    SubmitProposalHandler,
    SecondProposalHandler,
    WithdrawProposalHandler,
    ProposeAmendmentHandler,
    RebaseAmendmentHandler,
    WithdrawAmendmentHandler,
    AcceptFriendlyAmendmentHandler,
    OpenConventionVoteHandler,
    CastConventionVoteHandler,
    CloseConventionVoteHandler,
  ],
})
export class FloorModule {}
