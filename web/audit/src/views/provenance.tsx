import { useState } from 'preact/hooks';
import { PROVENANCE, PROVENANCE_ROLL_CALL, PROVENANCE_VERSIONS, VOTE_CONVENTION, gql } from '../api';
import { formatDate, formatNumber, label, t } from '../i18n';
import { useLoad } from '../load';
import { AsOfPicker, asOfArgument } from './as-of';
import { ClauseOrigin, type ClauseOriginData } from './clause-origin';
import { Recorded, type RecordedData, exact } from './recorded';
import { Status } from './status';
import { Tally } from './tally';

type Member = { pseudonym: string | null };

interface YesNoWorking {
  outcome: string;
  cast: string;
  participation: string;
  voters: { yes: number; no: number; abstain: number };
  weighted: { yes: string; no: string; abstain: string };
  threshold: {
    kind: string;
    fraction: string;
    of: string;
    comparison: string;
    base: string;
    required: string;
    met: boolean;
  };
  quorum: { fraction: string; of: string; base: string; required: string; met: boolean } | null;
}

interface VoteData {
  id: string;
  method: string;
  status: string;
  electorateSeats: number;
  electorateWeight: string;
  rules: {
    threshold: { kind: string; fraction: string | null; of: string | null; comparison: string | null };
    quorum: { fraction: string; of: string } | null;
  };
  tally: {
    method: string;
    yesNo: YesNoWorking | null;
    ranked: { outcome: string; winner: string | null; leader: string | null } | null;
  } | null;
  opened: RecordedData | null;
  closed: RecordedData | null;
}

interface AmendmentData {
  id: string;
  level: string;
  decidedBy: string;
  status: string;
  mover: Member;
  operations: Array<{ op: string; clause: number; text: string | null }>;
  moved: RecordedData | null;
  decided: RecordedData | null;
  vote: VoteData | null;
  secondaries?: AmendmentData[];
}

export interface RollCallEntry {
  seatId: string;
  choice: string | null;
  ranking: string[] | null;
  weight: string;
  recorded: RecordedData | null;
  delegate: null | {
    member: Member;
    role: string;
    chapterId: string;
    chapterName: string | null;
    election: null | {
      id: string;
      method: string;
      seats: number;
      ballotsCounted: number;
      electedAtStage: number | null;
      rank: number;
      recorded: RecordedData | null;
    };
    apportionment: null | {
      method: string;
      cutoffPosition: string;
      totalSeats: number;
      members: number;
      seats: number;
      quotient: { exact: string; decimal: string } | null;
      recorded: RecordedData | null;
    };
  };
}

interface RollCallPage {
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  nodes: RollCallEntry[];
}

interface VersionData {
  version: number;
  clauses: string[];
  enactedAt: string;
  recorded: RecordedData | null;
  blame: Array<{ number: number; text: string; shapedBy: ClauseOriginData }>;
  enactment: {
    proposalVersion: number;
    proposal: {
      id: string;
      kind: string;
      title: string;
      sponsor: Member;
      seconders: Array<{ member: Member; recorded: RecordedData | null }>;
      versions: Array<{ version: number; clauses: string[]; madeBy: string; recorded: RecordedData | null }>;
      submitted: RecordedData | null;
    };
    amendments: AmendmentData[];
    vote: VoteData & { rollCall: RollCallPage };
  };
}

interface Loaded {
  rule: {
    id: string;
    title: string;
    status: string;
    versions: { nodes: Array<{ version: number; enactedAt: string }> };
  };
  version: VersionData | null;
  conventionId: string | null;
}

const withDate = (href: string, date: string) => (date === '' ? href : `${href}?asOf=${date}`);

/** How a version of a rule was adopted: proposal, amendments, vote, roll call, and how each voter was seated. */
export function ProvenancePage({
  id,
  version: wanted,
  date,
  onDate,
}: {
  id: string;
  version: string;
  date: string;
  onDate: (date: string) => void;
}) {
  const loaded = useLoad(async (): Promise<Loaded> => {
    const asOf = asOfArgument(date);
    const { rule } = await gql<{ rule: Loaded['rule'] }>(PROVENANCE_VERSIONS, { id, asOf });
    const numbers = rule.versions.nodes.map((v) => v.version);
    const chosen =
      /^\d+$/.test(wanted) && numbers.includes(Number(wanted)) ? Number(wanted) : numbers[numbers.length - 1];
    if (chosen === undefined) return { rule, version: null, conventionId: null };
    const detail = await gql<{ rule: { version: VersionData | null } }>(PROVENANCE, {
      id,
      asOf,
      version: chosen,
    });
    const version = detail.rule.version;
    const voteConvention =
      version === null
        ? null
        : await gql<{ conventionVote: { conventionId: string } | null }>(VOTE_CONVENTION, {
            id: version.enactment.vote.id,
          });
    return { rule, version, conventionId: voteConvention?.conventionVote?.conventionId ?? null };
  }, [id, wanted, date]);

  return (
    <section aria-labelledby="provenance-heading">
      <p>
        <a href={withDate(`#/rule/${id}`, date)}>{t('provenance.back')}</a>
      </p>
      <AsOfPicker date={date} onChange={onDate} />
      <Status loaded={loaded}>
        {({ rule, version, conventionId }) => (
          <>
            <h1 id="provenance-heading">{t('provenance.heading', { title: rule.title })}</h1>
            <nav aria-label={t('provenance.versions')}>
              <ul class="inline">
                {rule.versions.nodes.map((v) => (
                  <li key={v.version}>
                    <a
                      href={withDate(`#/provenance/${id}/${v.version}`, date)}
                      aria-current={version?.version === v.version ? 'page' : undefined}
                    >
                      {t('rule.version', { version: v.version })}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            {version === null ? (
              <p>{t('rule.notFound')}</p>
            ) : (
              <VersionProvenance
                key={`${version.version}:${date}`}
                ruleId={id}
                rule={{ versions: rule.versions.nodes.length }}
                date={date}
                version={version}
                conventionId={conventionId}
              />
            )}
          </>
        )}
      </Status>
    </section>
  );
}

function VersionProvenance({
  ruleId,
  rule,
  date,
  version,
  conventionId,
}: {
  ruleId: string;
  rule: { versions: number };
  date: string;
  version: VersionData;
  conventionId: string | null;
}) {
  const { proposal, amendments, vote } = version.enactment;
  return (
    <>
      <section aria-labelledby="pv-version" class="link">
        <h2 id="pv-version">
          {t('rule.version', { version: version.version })}{' '}
          <span class="meta">{t('charter.enacted', { date: formatDate(version.enactedAt) })}</span>
        </h2>
        <ol class="clauses">
          {version.clauses.map((clause, i) => (
            <li key={i}>{clause}</li>
          ))}
        </ol>
        <Recorded recorded={version.recorded} />
        {rule.versions > 1 && (
          <p>
            <a href={withDate(`#/diff/${ruleId}/${Math.max(1, version.version - 1)}/${version.version}`, date)}>
              {t('diff.link')}
            </a>
          </p>
        )}
      </section>

      <section aria-labelledby="pv-blame" class="link" id="blame">
        <h2 id="pv-blame">{t('blame.heading')}</h2>
        <table>
          <caption>{t('blame.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('blame.clause')}</th>
              <th scope="col">{t('blame.text')}</th>
              <th scope="col">{t('blame.shapedBy')}</th>
            </tr>
          </thead>
          <tbody>
            {version.blame.map((clause) => (
              <tr key={clause.number} data-clause={clause.number}>
                <th scope="row" class="number">
                  {formatNumber(clause.number)}
                </th>
                <td data-cell="text">{clause.text}</td>
                <td data-cell="origin">
                  <ClauseOrigin origin={clause.shapedBy} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="pv-proposal" class="link" id="proposal">
        <h2 id="pv-proposal">{t('provenance.proposal')}</h2>
        <dl>
          <dt>{t('provenance.kind')}</dt>
          <dd>{label('kind', proposal.kind)}</dd>
          <dt>{t('provenance.title')}</dt>
          <dd>{proposal.title}</dd>
          <dt>{t('provenance.sponsor')}</dt>
          <dd id="sponsor">{proposal.sponsor.pseudonym ?? t('provenance.unknown')}</dd>
          <dt>{t('provenance.seconders')}</dt>
          <dd>
            {proposal.seconders.length === 0 ? (
              t('charter.none')
            ) : (
              <ul id="seconders">
                {proposal.seconders.map((s, i) => (
                  <li key={i}>
                    {s.member.pseudonym ?? t('provenance.unknown')} <Recorded recorded={s.recorded} />
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>{t('provenance.submitted')}</dt>
          <dd>
            <Recorded recorded={proposal.submitted} />
          </dd>
        </dl>
        <table>
          <caption>{t('provenance.proposalVersions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('provenance.version')}</th>
              <th scope="col">{t('provenance.madeBy')}</th>
              <th scope="col">{t('provenance.clauses')}</th>
              <th scope="col">{t('provenance.recorded')}</th>
            </tr>
          </thead>
          <tbody>
            {proposal.versions.map((v) => (
              <tr key={v.version} data-version={v.version}>
                <th scope="row">
                  {formatNumber(v.version)}
                  {v.version === version.enactment.proposalVersion && (
                    <>
                      {' '}
                      <strong>({t('provenance.adoptedVersion')})</strong>
                    </>
                  )}
                </th>
                <td>{label('madeBy', v.madeBy)}</td>
                <td>
                  <ol class="clauses">
                    {v.clauses.map((clause, i) => (
                      <li key={i}>{clause}</li>
                    ))}
                  </ol>
                </td>
                <td>
                  <Recorded recorded={v.recorded} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="pv-amendments" class="link" id="amendments">
        <h2 id="pv-amendments">{t('provenance.amendments')}</h2>
        {amendments.length === 0 ? (
          <p>{t('provenance.noAmendments')}</p>
        ) : (
          <ol class="amendments">
            {amendments.map((a) => (
              <Amendment key={a.id} amendment={a} />
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="pv-vote" class="link" id="vote">
        <h2 id="pv-vote">{t('rule.vote')}</h2>
        <VoteWorking vote={vote} chart />
      </section>

      <RollCall
        ruleId={ruleId}
        date={date}
        version={version.version}
        first={vote.rollCall}
        conventionId={conventionId}
      />
    </>
  );
}

function Amendment({ amendment: a }: { amendment: AmendmentData }) {
  return (
    <li class="amendment" data-amendment={a.id}>
      <p>
        <strong>{label('level', a.level)}</strong> · {t('provenance.movedBy', { mover: a.mover.pseudonym ?? '?' })} ·{' '}
        {label('decidedBy', a.decidedBy)} · {label('status', a.status)}
      </p>
      <ul>
        {a.operations.map((op, i) => (
          <li key={i}>
            {label('op', op.op, { clause: op.clause })}
            {op.text !== null && <>: “{op.text}”</>}
          </li>
        ))}
      </ul>
      <p>
        {t('provenance.moved')}: <Recorded recorded={a.moved} />
      </p>
      <p>
        {t('provenance.decided')}: <Recorded recorded={a.decided} />
      </p>
      {a.vote !== null && <VoteWorking vote={a.vote} />}
      {a.secondaries !== undefined && a.secondaries.length > 0 && (
        <>
          <p>{t('provenance.secondaries')}</p>
          <ol class="amendments">
            {a.secondaries.map((s) => (
              <Amendment key={s.id} amendment={s} />
            ))}
          </ol>
        </>
      )}
    </li>
  );
}

/** A vote's rules, electorate and count with its working: the threshold and quorum as computed. */
function VoteWorking({ vote, chart = false }: { vote: VoteData; chart?: boolean }) {
  const { threshold, quorum } = vote.rules;
  const yesNo = vote.tally?.yesNo ?? null;
  return (
    <div class="vote" data-vote={vote.id}>
      <dl>
        <dt>{t('provenance.method')}</dt>
        <dd>{label('method', vote.method)}</dd>
        <dt>{t('provenance.threshold')}</dt>
        <dd>
          {label('threshold', threshold.kind)}
          {threshold.fraction !== null &&
            ` (${t('provenance.fractionOf', {
              fraction: threshold.fraction,
              of: label('of', threshold.of ?? ''),
              comparison: label('comparison', threshold.comparison ?? ''),
            })})`}
        </dd>
        <dt>{t('provenance.quorum')}</dt>
        <dd>
          {quorum === null
            ? t('provenance.noQuorum')
            : t('provenance.quorumOf', { fraction: quorum.fraction, of: label('of', quorum.of) })}
        </dd>
        <dt>{t('provenance.electorate')}</dt>
        <dd>{t('provenance.seats', { seats: vote.electorateSeats, weight: vote.electorateWeight })}</dd>
        <dt>{t('provenance.opened')}</dt>
        <dd>
          <Recorded recorded={vote.opened} />
        </dd>
        <dt>{t('provenance.closed')}</dt>
        <dd>
          <Recorded recorded={vote.closed} />
        </dd>
      </dl>
      {chart ? (
        <Tally tally={vote.tally} />
      ) : (
        yesNo !== null && (
          <p>
            {label('choice', 'yes')} {formatNumber(yesNo.voters.yes)} · {label('choice', 'no')}{' '}
            {formatNumber(yesNo.voters.no)} · {label('choice', 'abstain')} {formatNumber(yesNo.voters.abstain)} —{' '}
            {label('outcome', yesNo.outcome)}
          </p>
        )
      )}
      {yesNo !== null && (
        <table class="working">
          <caption>{t('provenance.working')}</caption>
          <tbody>
            <tr>
              <th scope="row">{t('provenance.weighted')}</th>
              <td>
                {label('choice', 'yes')} {exact(yesNo.weighted.yes)} · {label('choice', 'no')}{' '}
                {exact(yesNo.weighted.no)} · {label('choice', 'abstain')} {exact(yesNo.weighted.abstain)}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('provenance.cast')}</th>
              <td>{exact(yesNo.cast)}</td>
            </tr>
            <tr>
              <th scope="row">{t('provenance.participation')}</th>
              <td>{exact(yesNo.participation)}</td>
            </tr>
            <tr data-check="threshold">
              <th scope="row">{t('provenance.threshold')}</th>
              <td>
                {t('provenance.thresholdRequired', {
                  comparison: label('comparison', yesNo.threshold.comparison),
                  required: exact(yesNo.threshold.required),
                  fraction: yesNo.threshold.fraction,
                  base: exact(yesNo.threshold.base),
                  of: label('of', yesNo.threshold.of),
                })}{' '}
                — <strong>{yesNo.threshold.met ? `✔ ${t('provenance.met')}` : `✘ ${t('provenance.notMet')}`}</strong>
              </td>
            </tr>
            {yesNo.quorum !== null && (
              <tr data-check="quorum">
                <th scope="row">{t('provenance.quorum')}</th>
                <td>
                  {t('provenance.quorumRequired', {
                    required: exact(yesNo.quorum.required),
                    fraction: yesNo.quorum.fraction,
                    base: exact(yesNo.quorum.base),
                    of: label('of', yesNo.quorum.of),
                  })}{' '}
                  — <strong>{yesNo.quorum.met ? `✔ ${t('provenance.met')}` : `✘ ${t('provenance.notMet')}`}</strong>
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {vote.tally?.ranked != null && (
        <p>
          {t('tally.outcome', { outcome: label('outcome', vote.tally.ranked.outcome) })}
          {vote.tally.ranked.winner !== null && ` · ${t('provenance.winner', { winner: vote.tally.ranked.winner })}`}
        </p>
      )}
    </div>
  );
}

/** The roll call, a page at a time, with a filter by pseudonym or chapter over the seats loaded. */
function RollCall({
  ruleId,
  date,
  version,
  first,
  conventionId,
}: {
  ruleId: string;
  date: string;
  version: number;
  first: RollCallPage;
  conventionId: string | null;
}) {
  const [entries, setEntries] = useState(first.nodes);
  const [next, setNext] = useState(first.pageInfo.hasNextPage ? first.pageInfo.endCursor : null);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);
  const more = async () => {
    try {
      const page = await gql<{
        rule: { version: { enactment: { vote: { rollCall: RollCallPage } } } };
      }>(PROVENANCE_ROLL_CALL, {
        id: ruleId,
        asOf: asOfArgument(date),
        version,
        rollCallAfter: next,
      });
      const rollCall = page.rule.version.enactment.vote.rollCall;
      setEntries([...entries, ...rollCall.nodes]);
      setNext(rollCall.pageInfo.hasNextPage ? rollCall.pageInfo.endCursor : null);
    } catch (e) {
      setError(String((e as Error).message ?? e));
    }
  };
  const needle = filter.trim().toLocaleLowerCase();
  const shown = entries.filter(
    (e) =>
      needle === '' ||
      (e.delegate?.member.pseudonym ?? '').toLocaleLowerCase().includes(needle) ||
      (e.delegate?.chapterName ?? '').toLocaleLowerCase().includes(needle),
  );
  const electionHref = (chapterId: string) =>
    conventionId === null ? null : `#/election/${conventionId}/${chapterId}`;
  const apportionmentHref = (chapterId: string) =>
    conventionId === null ? null : `#/apportionment/${conventionId}?chapter=${chapterId}`;
  return (
    <>
      <section aria-labelledby="pv-roll-call" class="link" id="roll-call">
        <h2 id="pv-roll-call">{t('provenance.rollCall')}</h2>
        <p>{t('provenance.rollCallCount', { shown: entries.length, total: first.totalCount })}</p>
        <label for="roll-call-filter">{t('provenance.filter')}</label>
        <input id="roll-call-filter" type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
        <table>
          <caption>{t('provenance.rollCall')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('provenance.seat')}</th>
              <th scope="col">{t('provenance.voter')}</th>
              <th scope="col">{t('provenance.ballot')}</th>
              <th scope="col">{t('provenance.weight')}</th>
              <th scope="col">{t('provenance.recorded')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={e.seatId} data-voter={e.delegate?.member.pseudonym ?? ''}>
                <td>
                  <code>{e.seatId.slice(0, 8)}</code>
                </td>
                <th scope="row">{e.delegate?.member.pseudonym ?? t('provenance.unknown')}</th>
                <td data-cell="choice">
                  {e.choice !== null ? label('choice', e.choice.toLowerCase()) : (e.ranking ?? []).join(' > ')}
                </td>
                <td class="number">{exact(e.weight)}</td>
                <td>
                  <Recorded recorded={e.recorded} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {next !== null && (
          <button type="button" onClick={more}>
            {t('provenance.more')}
          </button>
        )}
        {error !== null && <p role="alert">{t('error', { message: error })}</p>}
      </section>

      <section aria-labelledby="pv-seated" class="link" id="seated">
        <h2 id="pv-seated">{t('provenance.seated')}</h2>
        <table>
          <caption>{t('provenance.seatedCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('provenance.voter')}</th>
              <th scope="col">{t('provenance.chapter')}</th>
              <th scope="col">{t('provenance.election')}</th>
              <th scope="col">{t('provenance.apportionment')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => {
              const d = e.delegate;
              if (d === null) return null;
              const href = electionHref(d.chapterId);
              const seatsHref = apportionmentHref(d.chapterId);
              return (
                <tr key={e.seatId} data-voter={d.member.pseudonym ?? ''}>
                  <th scope="row">
                    {d.member.pseudonym ?? t('provenance.unknown')} <span class="meta">({label('role', d.role)})</span>
                  </th>
                  <td data-cell="chapter">{d.chapterName ?? d.chapterId}</td>
                  <td data-cell="election">
                    {d.election === null ? (
                      t('provenance.unknown')
                    ) : (
                      <>
                        <p>
                          {label('method', d.election.method)} ·{' '}
                          {t('provenance.electionSummary', {
                            seats: d.election.seats,
                            ballots: d.election.ballotsCounted,
                          })}{' '}
                          ·{' '}
                          {d.election.electedAtStage === null
                            ? t('provenance.rank', { rank: d.election.rank })
                            : t('provenance.electedAtStage', {
                                stage: d.election.electedAtStage,
                                rank: d.election.rank,
                              })}
                        </p>
                        {href !== null && (
                          <p>
                            <a href={href}>{t('provenance.openElection', { chapter: d.chapterName ?? '' })}</a>
                          </p>
                        )}
                        <Recorded recorded={d.election.recorded} />
                      </>
                    )}
                  </td>
                  <td data-cell="apportionment">
                    {d.apportionment === null ? (
                      t('provenance.unknown')
                    ) : (
                      <>
                        <p>
                          {t('provenance.apportionmentSummary', {
                            members: d.apportionment.members,
                            cutoff: d.apportionment.cutoffPosition,
                            seats: d.apportionment.seats,
                            total: d.apportionment.totalSeats,
                          })}{' '}
                          · {label('method', d.apportionment.method)}
                          {d.apportionment.quotient !== null &&
                            ` · ${t('provenance.quotient', { quotient: exact(d.apportionment.quotient.exact) })}`}
                        </p>
                        {seatsHref !== null && (
                          <p>
                            <a href={seatsHref}>
                              {t('provenance.openApportionment', { chapter: d.chapterName ?? '' })}
                            </a>
                          </p>
                        )}
                        <Recorded recorded={d.apportionment.recorded} />
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </>
  );
}
