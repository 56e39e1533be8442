import type { StvBallot } from './stv';
import { VotingError } from './voting.errors';

/**
 * The BLT ballot file (OpenSTV, Droop, eSTV, the ERS's own tools), so operators can bring
 * ballots in from other counting software and take them out to check a count elsewhere:
 *
 *     4 2                      candidates, seats
 *     -2                       optional: withdrawn candidates, negated (one line)
 *     [tie 3 1 2 4]            optional, Droop's extension: options in brackets
 *     [withdrawn 4]
 *     3 1 3 0                  weight, then preferences (candidate numbers from 1), then 0
 *     (b7) 1 4 2 0             Droop's extension: a ballot id in parentheses before the weight
 *     0                        end of ballots
 *     "Ada" "Bo" "Cy" "Di"     candidate names, quoted, in number order
 *     "Title"                  the election's title
 *
 * `#` starts a comment up to the end of the line. Droop also allows `=` (equal preferences) and
 * `-` (a skipped preference); the counts here rank strictly, so such a ballot is refused with
 * the line that holds it rather than silently re-read.
 */

export interface BltBallot extends StvBallot {
  readonly count: number;
  /** The ballot's id, when the file gave one. */
  readonly id?: string;
}

export interface BltElection {
  readonly title: string;
  readonly seats: number;
  /** Every candidate, in the file's number order (withdrawn ones included). */
  readonly candidates: readonly string[];
  /** Candidates withdrawn before the count: their marks are passed over. */
  readonly withdrawn: readonly string[];
  /** A `[tie ...]` order, most favoured first, when the file gave one. */
  readonly tieOrder: readonly string[] | null;
  /** Ballots as written, rankings by candidate name (withdrawn candidates still in them). */
  readonly ballots: readonly BltBallot[];
}

interface Token {
  readonly text: string;
  readonly line: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  text.split(/\r\n|\n|\r/).forEach((content, index) => {
    const line = index + 1;
    const pattern = /"([^"]*)"|\[|\]|#.*$|[^\s"[\]#]+|"/g;
    for (let match = pattern.exec(content); match !== null; match = pattern.exec(content)) {
      if (match[0].startsWith('#')) break;
      if (match[0] === '"') throw bltError(line, 'a quoted name is not closed on its line');
      tokens.push({ text: match[0], line });
    }
  });
  return tokens;
}

function bltError(line: number, problem: string): VotingError {
  return new VotingError('INVALID_BLT', `BLT line ${line}: ${problem}`, { line });
}

const WHOLE = /^(0|[1-9][0-9]*)$/;

export function parseBlt(text: string): BltElection {
  const tokens = tokenize(text);
  let at = 0;
  const lastLine = tokens.length === 0 ? 1 : tokens[tokens.length - 1].line;
  const peek = (): Token | undefined => tokens[at];
  const next = (expected: string): Token => {
    const token = tokens[at++];
    if (token === undefined) throw bltError(lastLine, `the file ends where ${expected} should be`);
    return token;
  };
  const whole = (expected: string, min: number): number => {
    const token = next(expected);
    if (!WHOLE.test(token.text) || Number(token.text) < min)
      throw bltError(token.line, `expected ${expected}, found ${JSON.stringify(token.text)}`);
    return Number(token.text);
  };

  const candidateCount = whole('the number of candidates', 1);
  const seats = whole('the number of seats', 1);
  if (seats > candidateCount) throw bltError(1, `${seats} seats for ${candidateCount} candidates`);
  const candidateNumber = (token: Token): number => {
    const number = Number(token.text);
    if (!WHOLE.test(token.text) || number < 1 || number > candidateCount)
      throw bltError(token.line, `${JSON.stringify(token.text)} is not a candidate number (1 to ${candidateCount})`);
    return number;
  };

  const withdrawnNumbers = new Set<number>();
  const firstBallotLine = peek()?.line;
  while (peek()?.text.startsWith('-') === true && peek()?.line === firstBallotLine) {
    const token = next('a withdrawn candidate');
    withdrawnNumbers.add(candidateNumber({ ...token, text: token.text.slice(1) }));
  }

  let tieNumbers: number[] | null = null;
  while (peek()?.text === '[') {
    const open = next('an option');
    const name = next('an option name');
    const values: Token[] = [];
    for (let token = next('"]"'); token.text !== ']'; token = next('"]"')) values.push(token);
    if (name.text === 'tie') {
      tieNumbers = values.map(candidateNumber);
      if (new Set(tieNumbers).size !== tieNumbers.length || tieNumbers.length !== candidateCount)
        throw bltError(open.line, '[tie ...] must list every candidate once');
    } else if (name.text === 'withdrawn') {
      for (const value of values) withdrawnNumbers.add(candidateNumber(value));
    } else {
      throw bltError(open.line, `unknown option [${name.text} ...]`);
    }
  }

  const raw: { numbers: number[]; count: number; id?: string; line: number }[] = [];
  for (;;) {
    let id: string | undefined;
    const head = peek();
    if (head !== undefined && /^\(.*\)$/.test(head.text)) {
      id = next('a ballot id').text.slice(1, -1);
    }
    const weightToken = next('a ballot weight or the 0 that ends the ballots');
    if (weightToken.text === '0' && id === undefined) break;
    if (!WHOLE.test(weightToken.text) || weightToken.text === '0')
      throw bltError(
        weightToken.line,
        `a ballot weight must be a whole number above 0, not ${JSON.stringify(weightToken.text)}`,
      );
    const numbers: number[] = [];
    for (let mark = next('a preference or the 0 that ends the ballot'); mark.text !== '0'; mark = next('"0"')) {
      if (mark.text === '-') throw bltError(mark.line, 'skipped preferences ("-") are not supported');
      if (mark.text.includes('=')) throw bltError(mark.line, 'equal preferences ("=") are not supported');
      const number = candidateNumber(mark);
      if (numbers.includes(number)) throw bltError(mark.line, `candidate ${number} is ranked twice on one ballot`);
      numbers.push(number);
    }
    raw.push({ numbers, count: Number(weightToken.text), id, line: weightToken.line });
  }

  const name = (expected: string): string => {
    const token = next(expected);
    if (!token.text.startsWith('"')) throw bltError(token.line, `expected ${expected} in quotes, found ${token.text}`);
    return token.text.slice(1, -1);
  };
  const candidates = Array.from({ length: candidateCount }, (_, i) => name(`the name of candidate ${i + 1}`));
  const duplicate = candidates.find((candidate, i) => candidates.indexOf(candidate) !== i);
  if (duplicate !== undefined) throw bltError(lastLine, `two candidates are named ${JSON.stringify(duplicate)}`);
  const title = name('the title');
  const extra = peek();
  if (extra !== undefined) throw bltError(extra.line, `unexpected ${JSON.stringify(extra.text)} after the title`);

  const byNumber = (number: number) => candidates[number - 1];
  return {
    title,
    seats,
    candidates,
    withdrawn: [...withdrawnNumbers].sort((a, b) => a - b).map(byNumber),
    tieOrder: tieNumbers === null ? null : tieNumbers.map(byNumber),
    ballots: raw.map((ballot) => ({
      ranking: ballot.numbers.map(byNumber),
      count: ballot.count,
      ...(ballot.id === undefined ? {} : { id: ballot.id }),
    })),
  };
}

/**
 * What a count takes from a BLT election: the candidates still standing and every ballot with
 * the withdrawn candidates passed over (a ballot left empty counts as blank).
 */
export function bltCountInput(election: BltElection): { candidates: string[]; ballots: BltBallot[] } {
  const withdrawn = new Set(election.withdrawn);
  return {
    candidates: election.candidates.filter((candidate) => !withdrawn.has(candidate)),
    ballots: election.ballots.map((ballot) => ({
      ...ballot,
      ranking: ballot.ranking.filter((candidate) => !withdrawn.has(candidate)),
    })),
  };
}

/** Writes an election as a BLT file that `parseBlt` (and OpenSTV, Droop) reads back. */
export function formatBlt(election: BltElection): string {
  const numberOf = new Map(election.candidates.map((candidate, i) => [candidate, i + 1]));
  const quoted = (text: string) => {
    if (text.includes('"') || /[\r\n]/.test(text))
      throw new VotingError('INVALID_BLT', `a BLT name cannot hold quotes or line breaks: ${JSON.stringify(text)}`);
    return `"${text}"`;
  };
  const number = (candidate: string) => {
    const found = numberOf.get(candidate);
    if (found === undefined)
      throw new VotingError('UNKNOWN_CANDIDATE', `${JSON.stringify(candidate)} is not a candidate`);
    return found;
  };
  const lines = [`${election.candidates.length} ${election.seats}`];
  if (election.withdrawn.length > 0) lines.push(election.withdrawn.map((c) => `-${number(c)}`).join(' '));
  if (election.tieOrder !== null) lines.push(`[tie ${election.tieOrder.map(number).join(' ')}]`);
  for (const ballot of election.ballots) {
    if (ballot.id !== undefined && !/^[^\s()"#[\]]+$/.test(ballot.id))
      throw new VotingError(
        'INVALID_BLT',
        `a BLT ballot id cannot hold spaces, quotes or brackets: ${JSON.stringify(ballot.id)}`,
      );
    const id = ballot.id === undefined ? '' : `(${ballot.id}) `;
    lines.push(`${id}${ballot.count} ${[...ballot.ranking.map(number), 0].join(' ')}`);
  }
  lines.push('0', ...election.candidates.map(quoted), quoted(election.title));
  return `${lines.join('\n')}\n`;
}
