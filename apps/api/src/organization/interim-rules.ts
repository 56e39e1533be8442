import { CommandRunner } from '../../../../libs/event-store/src';
import { InterimRules, interimRulesDecider, interimRulesStream } from '../../../../libs/organization/src';

/** The interim rules in force now, read from their stream (the defaults until someone sets them). */
export async function loadInterimRules(runner: CommandRunner): Promise<InterimRules> {
  return (await runner.load(interimRulesDecider, interimRulesStream())).rules;
}
