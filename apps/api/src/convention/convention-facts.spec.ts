import { join } from 'node:path';
import { delegateBallotStream, delegateElectionStream } from '../../../../libs/convention/src';
import { EventMetadata, entityIdFor } from '../../../../libs/core/src';
import { SqliteEventStore } from '../../../../libs/event-store/src';
import { makeTempDir } from '../../../../libs/testing/src';
import { ballotsCastBetween } from './convention-facts';

const at = '2026-03-01T10:00:00.000Z';
let sequence = 0;
const metadata = (): EventMetadata => {
  sequence += 1;
  const commandId = entityIdFor('facts-test', String(sequence));
  return { commandId, correlationId: commandId, causationId: commandId, actor: null, acceptedAt: at };
};

describe('ballotsCastBetween', () => {
  const dir = makeTempDir();
  const store = SqliteEventStore.open({ path: join(dir.path, 'events.sqlite'), pollIntervalMs: 10 });

  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  const append = async (stream: string, type: string, data: unknown) => {
    const existing = await store.readStream(stream);
    const last = existing[existing.length - 1];
    const result = await store.appendToStream(
      stream,
      [{ id: entityIdFor('event', `${stream}/${existing.length}`), type, data, metadata: metadata() }],
      {
        expectedRevision: last === undefined ? 'no_stream' : last.revision,
      },
    );
    return result.position;
  };
  const ballot = (electionId: string, voterKey: string, ranking: string[]) =>
    append(delegateBallotStream('c1', voterKey), 'DelegateBallotCast', {
      electionId,
      voterKey,
      choice: { method: 'STV', ranking },
      castAt: at,
    });

  it('takes each voter’s latest ballot strictly between the opening and the close, of this election only', async () => {
    const election = 'e1';
    await ballot(election, 'early', ['a']);
    const opened = await append(delegateElectionStream(election), 'DelegateVotingOpened', { electionId: election });
    await ballot(election, 'zed', ['a']);
    await ballot(election, 'amy', ['b']);
    await ballot('e2', 'amy', ['x']);
    await ballot(election, 'zed', ['b', 'a']);
    const closed = await append(delegateElectionStream(election), 'DelegateVotingClosed', { electionId: election });
    await ballot(election, 'amy', ['a']);
    await ballot(election, 'late', ['a']);

    expect(await ballotsCastBetween(store, 'c1', election, opened, closed)).toEqual([
      { method: 'STV', ranking: ['b'] },
      { method: 'STV', ranking: ['b', 'a'] },
    ]);
  });
});
