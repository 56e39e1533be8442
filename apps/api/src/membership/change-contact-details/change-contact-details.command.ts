import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import { MemberEvent, memberDecider, memberStream } from '../../../../../libs/membership/src';
import { KeyVault } from '../../../../../libs/privacy/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { KEY_VAULT } from '../../infrastructure/tokens';
import { sealContact } from '../personal-data';

export class ChangeContactDetailsCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly contact: string | null,
  ) {}
}

/** Seals the new contact details under the member's key and records them; null removes them. */
@CommandHandler(ChangeContactDetailsCommand)
export class ChangeContactDetailsHandler implements ICommandHandler<
  ChangeContactDetailsCommand,
  CommandOutcome<MemberEvent>
> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
  ) {}

  async execute({ accepted, memberId, contact }: ChangeContactDetailsCommand): Promise<CommandOutcome<MemberEvent>> {
    // Checked before sealing, so an erased or unknown member gets their own error and no key is made.
    const state = await this.runner.load(memberDecider, memberStream(memberId));
    memberDecider.decide(
      { type: 'ChangeContactDetails', data: { memberId, contact: null, changedAt: accepted.acceptedAt } },
      state,
    );
    const sealed = await sealContact(this.vault, memberId, contact);
    return this.runner.run(
      memberDecider,
      memberStream(memberId),
      accepted.envelope({
        type: 'ChangeContactDetails',
        data: { memberId, contact: sealed, changedAt: accepted.acceptedAt },
      }),
    );
  }
}
