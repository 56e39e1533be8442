import { assertNever } from '../../../core/src';
import { ProposalState, currentVersion } from '../proposal/proposal.state';
import { AdoptedProposalFacts } from './charter.commands';
import { CharterEvent, EnactmentOrigin } from './charter.events';
import { BodySeats } from '../proposal/proposal.events';

export type RuleVersion = {
  version: number;
  clauses: readonly string[];
  consolidatedText: string;
  origin: EnactmentOrigin;
  at: string;
};

export type CharterRule = {
  ruleId: string;
  title: string;
  status: 'in-force' | 'repealed';
  /** Every version, oldest first, each with the proposal and vote that made it. */
  versions: readonly RuleVersion[];
  repealedBy: EnactmentOrigin | null;
};

export type CharterBody = {
  bodyId: string;
  name: string;
  composition: readonly BodySeats[];
  mandate: readonly string[];
  origin: EnactmentOrigin;
};
export type CharterText = { id: string; title: string; clauses: readonly string[]; origin: EnactmentOrigin };

/**
 * The structure the convention adopted and, once ratified, the one in force. Until the phase is
 * FINAL this is the charter awaiting ratification and the interim structure stays in force.
 */
export type CharterState = {
  phase: 'INTERIM' | 'FINAL';
  rules: Readonly<Record<string, CharterRule>>;
  bodies: Readonly<Record<string, CharterBody>>;
  commitments: Readonly<Record<string, CharterText>>;
  campaigns: Readonly<Record<string, CharterText>>;
  resolutions: readonly CharterText[];
  enactedProposalIds: readonly string[];
  ratification: { referendumId: string; outcome: 'ratified' | 'failed'; at: string } | null;
};

export const initialCharterState = (): CharterState => ({
  phase: 'INTERIM',
  rules: {},
  bodies: {},
  commitments: {},
  campaigns: {},
  resolutions: [],
  enactedProposalIds: [],
  ratification: null,
});

const enacted = (state: CharterState, origin: EnactmentOrigin): readonly string[] => [
  ...state.enactedProposalIds,
  origin.proposalId,
];

export function evolveCharter(state: CharterState, event: CharterEvent): CharterState {
  switch (event.type) {
    case 'RuleAdopted': {
      const { ruleId, title, clauses, consolidatedText, origin, adoptedAt } = event.data;
      const version: RuleVersion = { version: 1, clauses, consolidatedText, origin, at: adoptedAt };
      const rule: CharterRule = { ruleId, title, status: 'in-force', versions: [version], repealedBy: null };
      return { ...state, rules: { ...state.rules, [ruleId]: rule }, enactedProposalIds: enacted(state, origin) };
    }
    case 'RuleAmended': {
      const { ruleId, version, clauses, consolidatedText, origin, amendedAt } = event.data;
      const rule = state.rules[ruleId];
      const versions = [...rule.versions, { version, clauses, consolidatedText, origin, at: amendedAt }];
      return {
        ...state,
        rules: { ...state.rules, [ruleId]: { ...rule, versions } },
        enactedProposalIds: enacted(state, origin),
      };
    }
    case 'RuleRepealed': {
      const { ruleId, origin } = event.data;
      const rule: CharterRule = { ...state.rules[ruleId], status: 'repealed', repealedBy: origin };
      return { ...state, rules: { ...state.rules, [ruleId]: rule }, enactedProposalIds: enacted(state, origin) };
    }
    case 'BodyCreated': {
      const { bodyId, name, composition, mandate, origin } = event.data;
      return {
        ...state,
        bodies: { ...state.bodies, [bodyId]: { bodyId, name, composition, mandate, origin } },
        enactedProposalIds: enacted(state, origin),
      };
    }
    case 'CommitmentAdopted': {
      const { commitmentId, title, clauses, origin } = event.data;
      return {
        ...state,
        commitments: { ...state.commitments, [commitmentId]: { id: commitmentId, title, clauses, origin } },
        enactedProposalIds: enacted(state, origin),
      };
    }
    case 'CampaignAdopted': {
      const { campaignId, title, clauses, origin } = event.data;
      return {
        ...state,
        campaigns: { ...state.campaigns, [campaignId]: { id: campaignId, title, clauses, origin } },
        enactedProposalIds: enacted(state, origin),
      };
    }
    case 'ResolutionAdopted': {
      const { title, clauses, origin } = event.data;
      return {
        ...state,
        resolutions: [...state.resolutions, { id: origin.proposalId, title, clauses, origin }],
        enactedProposalIds: enacted(state, origin),
      };
    }
    case 'CharterRatified':
      return {
        ...state,
        phase: 'FINAL',
        ratification: { referendumId: event.data.referendumId, outcome: 'ratified', at: event.data.ratifiedAt },
      };
    case 'CharterRatificationFailed':
      return {
        ...state,
        ratification: { referendumId: event.data.referendumId, outcome: 'failed', at: event.data.failedAt },
      };
    default:
      return assertNever(event);
  }
}

/** The rules in force: each rule's latest version, repealed rules left out. */
export function rulesInForce(state: CharterState): { ruleId: string; title: string; version: RuleVersion }[] {
  return Object.values(state.rules)
    .filter((rule) => rule.status === 'in-force')
    .map((rule) => ({ ruleId: rule.ruleId, title: rule.title, version: rule.versions[rule.versions.length - 1] }));
}

/** Builds the charter's facts from a proposal's state (the amendments that shaped it come from its versions). */
export function adoptedProposalFacts(state: Exclude<ProposalState, { status: 'unknown' }>): AdoptedProposalFacts {
  const version = currentVersion(state);
  return {
    proposalId: state.proposalId,
    status: state.status,
    motion: state.motion,
    title: state.title,
    clauses: [...version.clauses],
    version: version.version,
    voteId: state.voteId,
    amendmentIds: state.versions.flatMap(({ origin }) => (origin.by === 'submission' ? [] : [origin.amendmentId])),
  };
}
