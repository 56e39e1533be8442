/**
 * Bounds the GraphQL inputs apply before a command reaches the domain, read from the domain's
 * own limits so the two cannot drift. The domain counts a text's characters after normalising
 * it (spaces collapsed and trimmed); the input counts them as they arrive (class-validator's
 * MaxLength counts code points too). A text twice the domain's limit is refused at the door;
 * anything shorter reaches the domain's rule and its precise message, so no text the domain
 * would accept is ever refused by the bound.
 */
export function textInputBound(domainMaxCharacters: number): number {
  return domainMaxCharacters * 2;
}

/**
 * Lists whose length the domain bounds by what they refer to, not by a number of its own (a
 * ranking or approvals among the candidates, proposals competing on one subject, a body's seat
 * types): a bound far above any real one, that keeps a huge input out.
 */
export const LIST_INPUT_LIMIT = 1000;
