// Blocking: which pairs of records are compared at all. rules.ts (the rules and their keys), candidate-pairs.ts
// (the batch: every pair a rule's keys give, bounded), block-index.ts (real time: blocks kept current as records
// come and go), pair-ids.ts (the int-pair hash table both number keys with).
export { BlockIndex, SeenPositions } from "./block-index";
export {
  generateCandidatePairs,
  type BlockingOptions,
  type CandidatePairs,
  type RuleReport,
} from "./candidate-pairs";
export { IntPairIds } from "./pair-ids";
export {
  blockingKeyFunction,
  defaultBlockingRules,
  keyPartIdFunction,
  ruleFields,
  type BlockingRule,
  type KeyTransform,
} from "./rules";
