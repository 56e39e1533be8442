import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A signed tree head: the Merkle root over the first treeSize log entries' })
export class LedgerCheckpoint {
  @Field(() => Int, { description: 'How many log entries the tree covers, from the first' })
  treeSize!: number;

  @Field({ description: 'RFC 6962 Merkle tree hash of those entries, base64' })
  rootHash!: string;

  @Field({
    description: 'Ed25519 signature, base64, over "plenary-ledger-checkpoint-v1\\n<treeSize>\\n<rootHash>\\n" (UTF-8)',
  })
  signature!: string;

  @Field({ description: "The signing key's public half (SPKI PEM); pin it to detect a substituted key" })
  publicKey!: string;
}

@ObjectType({ description: 'One log entry with the audit path proving it is in a checkpointed tree' })
export class LedgerEntry {
  @Field({ description: 'Global log position of the event' })
  position!: string;

  @Field(() => Int, { description: 'Index of its leaf, 0 for the first entry of the log' })
  leafIndex!: number;

  @Field({
    description:
      'The leaf: JSON array of format tag, position, event id, stream, revision, type, data and metadata (sorted keys). Its leaf hash is SHA-256 of 0x00 followed by these bytes',
  })
  leaf!: string;

  @Field(() => Int, { description: 'Size of the tree the audit path leads to' })
  treeSize!: number;

  @Field(() => [String], { description: 'RFC 6962 audit path, base64 hashes from the leaf upwards' })
  auditPath!: string[];
}

@ObjectType({ description: 'Proof that a smaller tree is a prefix of a larger one: nothing earlier was rewritten' })
export class LedgerConsistency {
  @Field(() => Int)
  fromSize!: number;

  @Field(() => Int)
  toSize!: number;

  @Field(() => [String], { description: 'RFC 6962 consistency proof, base64 hashes' })
  proof!: string[];
}
