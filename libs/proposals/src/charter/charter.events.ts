import { YesNoResult } from '../../../voting/src';
import { BodySeats } from '../proposal/proposal.events';

/** The votes and texts a charter change came from, so every rule can be traced back to them. */
export type EnactmentOrigin = {
  proposalId: string;
  /** The version of the proposal's text the convention adopted. */
  proposalVersion: number;
  /** The vote that adopted the proposal. */
  voteId: string;
  /** Amendments that shaped the adopted text, in the order they were taken in (friendly or voted). */
  amendmentIds: string[];
};

/** Events of the organization's charter stream, Charter-organization. */
export type RuleAdopted = {
  type: 'RuleAdopted';
  data: {
    ruleId: string;
    version: 1;
    title: string;
    clauses: string[];
    consolidatedText: string;
    origin: EnactmentOrigin;
    adoptedAt: string;
  };
};
export type RuleAmended = {
  type: 'RuleAmended';
  data: {
    ruleId: string;
    version: number;
    clauses: string[];
    consolidatedText: string;
    origin: EnactmentOrigin;
    amendedAt: string;
  };
};
export type RuleRepealed = {
  type: 'RuleRepealed';
  data: { ruleId: string; repealedVersion: number; origin: EnactmentOrigin; repealedAt: string };
};
export type BodyCreated = {
  type: 'BodyCreated';
  data: {
    bodyId: string;
    name: string;
    composition: BodySeats[];
    /** The clauses of the adopted proposal: the body's mandate. */
    mandate: string[];
    origin: EnactmentOrigin;
    createdAt: string;
  };
};
export type CommitmentAdopted = {
  type: 'CommitmentAdopted';
  data: { commitmentId: string; title: string; clauses: string[]; origin: EnactmentOrigin; adoptedAt: string };
};
export type CampaignAdopted = {
  type: 'CampaignAdopted';
  data: { campaignId: string; title: string; clauses: string[]; origin: EnactmentOrigin; adoptedAt: string };
};
export type ResolutionAdopted = {
  type: 'ResolutionAdopted';
  data: { title: string; clauses: string[]; origin: EnactmentOrigin; adoptedAt: string };
};
/** The members ratified the charter: the organization's phase is FINAL and the adopted structure is in force. */
export type CharterRatified = {
  type: 'CharterRatified';
  data: { referendumId: string; tally: YesNoResult; phase: 'FINAL'; ratifiedAt: string };
};
/** The referendum did not carry: the interim structure stays. */
export type CharterRatificationFailed = {
  type: 'CharterRatificationFailed';
  data: { referendumId: string; tally: YesNoResult; failedAt: string };
};

/** Everything that can happen to the charter. */
export type CharterEvent =
  | RuleAdopted
  | RuleAmended
  | RuleRepealed
  | BodyCreated
  | CommitmentAdopted
  | CampaignAdopted
  | ResolutionAdopted
  | CharterRatified
  | CharterRatificationFailed;

/** The charter is one per installation, so its stream has a fixed name. */
export const charterStream = (): string => 'Charter-organization';
