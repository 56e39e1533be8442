import fc from 'fast-check';
import { generateKeyPairSync, sign } from 'node:crypto';
import { checkpointMessage, leafHash, nodeHash, rootHash, SubtreeHashes } from '../../ledger/src';
import { tallyConventionVote } from '../../proposals/src/convention-vote/convention-vote.tally';
import type { ConventionBallot } from '../../proposals/src/convention-vote/convention-vote.events';
import { archivedLeafText, verifyArchiveLines } from './archive-verifier';

/**
 * The verifier's re-count is written apart from the server's tally code; here both count the
 * same generated roll-call votes (yes/no and ranked, weighted, with quorums and thresholds that
 * refer to those present) and the verifier must agree with every honest close and refuse an
 * altered one.
 */

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const VOTE = '7d1f0e4a-4a53-4c1e-9a57-000000000001';
const PROPOSALS = [
  'a0000000-0000-4000-8000-00000000000a',
  'b0000000-0000-4000-8000-00000000000b',
  'c0000000-0000-4000-8000-00000000000c',
];

async function* lines(values: string[]): AsyncIterable<string> {
  yield* values;
}

/** A signed archive of one vote's stream, with the server's own tally at its close. */
function archiveOf(
  opened: Record<string, unknown>,
  casts: { seatId: string; weight: string; ballot: ConventionBallot }[],
  tally: unknown,
) {
  const events = [
    { type: 'ConventionVoteOpened', data: opened },
    ...casts.map((cast) => ({
      type: 'ConventionBallotCast',
      data: {
        voteId: VOTE,
        seatId: cast.seatId,
        memberId: cast.seatId,
        weight: cast.weight,
        ballot: cast.ballot,
        castAt: '2026-01-01T00:00:00.000Z',
      },
    })),
    {
      type: 'ConventionVoteClosed',
      data: { voteId: VOTE, tally, closedBy: 'chair', closedAt: '2026-01-01T01:00:00.000Z' },
    },
  ].map((event, index) => ({
    position: String(index + 1),
    id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
    stream: `ConventionVote-${VOTE}`,
    revision: String(index),
    type: event.type,
    data: event.data,
    metadata: {},
  }));
  const leaves = events.map((event) => leafHash(Buffer.from(archivedLeafText(event), 'utf8')));
  const subtrees: SubtreeHashes = {
    subtree(level, index) {
      let layer = leaves.slice(index * 2 ** level, (index + 1) * 2 ** level);
      while (layer.length > 1)
        layer = layer.flatMap((hash, at) => (at % 2 === 0 ? [nodeHash(hash, layer[at + 1])] : []));
      return layer[0];
    },
  };
  const root = rootHash(subtrees, events.length).toString('base64');
  return [
    JSON.stringify({
      format: 'plenary-archive-v1',
      leafFormat: 'plenary-event-v1',
      publicKey: publicKeyPem,
      positions: 'contiguous',
      treeSize: events.length,
    }),
    ...events.map((event) => JSON.stringify({ event })),
    JSON.stringify({
      checkpoint: {
        treeSize: events.length,
        rootHash: root,
        signature: sign(null, checkpointMessage(events.length, root), privateKey).toString('base64'),
      },
    }),
  ];
}

const weight = fc.constantFrom('1', '1', '2', '1/2', '3/4');
const seat = fc.integer({ min: 1, max: 6 }).map((n) => `seat-${n}`);
const yesNoBallot = fc
  .constantFrom('yes', 'no', 'abstain')
  .map((choice): ConventionBallot => ({ method: 'yes-no', choice }));
const rankedBallot = fc
  .shuffledSubarray(PROPOSALS, { minLength: 0 })
  .map((ranking): ConventionBallot => ({ method: 'ranked', ranking }));
const threshold = fc.constantFrom(
  { kind: 'simple-majority' },
  { kind: 'two-thirds' },
  { kind: 'absolute-majority' },
  { kind: 'fraction', fraction: '3/5', of: 'present', comparison: 'at-least' },
);
const quorum = fc.constantFrom(null, { fraction: '1/2', of: 'electorate' }, { fraction: '1/3', of: 'present' });

describe("archive re-count of convention votes (against the server's tally code)", () => {
  it('agrees with every honest close and refuses the same close with its outcome turned', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        threshold,
        quorum,
        fc.array(fc.record({ seatId: seat, weight }), { maxLength: 12 }),
        fc.array(fc.tuple(yesNoBallot, rankedBallot), { minLength: 12, maxLength: 12 }),
        async (ranked, thresholdRule, quorumRule, seats, choices) => {
          const rules = { threshold: thresholdRule, quorum: quorumRule };
          const subject = ranked
            ? { kind: 'competing-proposals', subject: 'budget', proposalIds: PROPOSALS }
            : { kind: 'proposal', proposalId: PROPOSALS[0] };
          const electorate = { seats: 6, totalWeight: '12' };
          const casts = seats.map((cast, index) => ({ ...cast, ballot: choices[index][ranked ? 1 : 0] }));
          // The latest ballot per seat, in seat order, as the server's vote state hands them over.
          const latest = new Map(casts.map((cast) => [cast.seatId, cast]));
          const counted = [...latest.keys()].sort().map((seatId) => latest.get(seatId)!);
          const needsPresent = thresholdRule.kind === 'fraction' || quorumRule?.of === 'present';
          const tally = tallyConventionVote(
            {
              voteId: VOTE,
              subject: subject as never,
              rules: rules as never,
              electorate,
              present: needsPresent ? '12' : null,
            },
            counted,
          );
          const opened = {
            voteId: VOTE,
            conventionId: 'c',
            subject,
            method: ranked ? 'ranked' : 'yes-no',
            rules,
            electorate,
            openedBy: 'chair',
            openedAt: '2026-01-01T00:00:00.000Z',
          };
          const honest = await verifyArchiveLines(lines(archiveOf(opened, casts, tally)), { publicKeyPem });
          expect(honest.failures).toEqual([]);
          expect(honest.recounted.votes).toBe(1);

          const turned =
            tally.method === 'yes-no'
              ? { ...tally, outcome: tally.outcome === 'adopted' ? 'rejected' : 'adopted' }
              : { ...tally, winner: tally.winner === PROPOSALS[0] ? PROPOSALS[1] : PROPOSALS[0] };
          const altered = await verifyArchiveLines(lines(archiveOf(opened, casts, turned)), { publicKeyPem });
          expect(altered.failures.map((failure) => failure.check)).toEqual(['recount-vote']);
        },
      ),
      { numRuns: 150 },
    );
  });
});
