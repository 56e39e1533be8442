import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule } from '../auth/auth.module';
import { MembershipReadModel } from '../membership/membership.read-model';
import { AdvanceConventionPhaseHandler } from './advance-convention-phase/advance-convention-phase.command';
import { AppointSecretariatMemberHandler } from './appoint-secretariat-member/appoint-secretariat-member.command';
import { CallConventionHandler } from './call-convention/call-convention.command';
import { CastDelegateBallotHandler } from './cast-delegate-ballot/cast-delegate-ballot.command';
import { CloseDelegateVotingHandler } from './close-delegate-voting/close-delegate-voting.command';
import { ConsentToNominationHandler } from './consent-to-nomination/consent-to-nomination.command';
import { DelegateCredentials } from './convention-facts';
import { PhaseConditions } from './phase-conditions';
import { ConventionReadModel } from './convention.read-model';
import { ConventionResolver } from './convention.resolver';
import { CredentialDelegateHandler } from './credential-delegate/credential-delegate.command';
import { DeclineNominationHandler } from './decline-nomination/decline-nomination.command';
import { NominateDelegateHandler } from './nominate-delegate/nominate-delegate.command';
import { OpenDelegateVotingHandler } from './open-delegate-voting/open-delegate-voting.command';
import { RemoveSecretariatMemberHandler } from './remove-secretariat-member/remove-secretariat-member.command';
import { WithdrawAsDelegateHandler } from './withdraw-as-delegate/withdraw-as-delegate.command';

@Module({
  imports: [CqrsModule, AuthModule],
  providers: [
    ConventionResolver,
    ConventionReadModel,
    // Its own instance over the shared read-model database, to count members when seats are apportioned.
    MembershipReadModel,
    DelegateCredentials,
    PhaseConditions,
    CallConventionHandler,
    AppointSecretariatMemberHandler,
    RemoveSecretariatMemberHandler,
    AdvanceConventionPhaseHandler,
    NominateDelegateHandler,
    ConsentToNominationHandler,
    DeclineNominationHandler,
    OpenDelegateVotingHandler,
    CastDelegateBallotHandler,
    CloseDelegateVotingHandler,
    CredentialDelegateHandler,
    WithdrawAsDelegateHandler,
  ],
  exports: [DelegateCredentials, PhaseConditions],
})
export class ConventionModule {}
