/**
 * The exact bytes a checkpoint's signature covers. Auditors rebuild them with their own code
 * (libs/ledger-verifier), so this format is a published contract: change it only with a new tag.
 */
export function checkpointMessage(treeSize: number, rootHashBase64: string): Buffer {
  return Buffer.from(`plenary-ledger-checkpoint-v1\n${treeSize}\n${rootHashBase64}\n`, 'utf8');
}
