// @c360/matching: the identity-resolution engine (standardize, block, compare, score, cluster, survive, explain).
// The main entry points; each module is also importable on its own as "@c360/matching/<path>".
export { CANONICAL_FIELDS, isCanonicalField, type CanonicalField, type InputRecord } from "./fields";
export {
  standardizeRecord,
  STANDARD_FIELDS,
  type StandardRecord,
  type StandardField,
  type StandardizeOptions,
} from "./standardize/record";
export { RecordStore } from "./store";
export {
  defaultComparisons,
  levelLabels,
  type ComparisonSpec,
  type ComparisonKind,
} from "./compare/comparisons";
export {
  defaultBlockingRules,
  generateCandidatePairs,
  type BlockingRule,
  type CandidatePairs,
  type RuleReport,
} from "./block";
export {
  createModel,
  saveModel,
  loadModel,
  formatModel,
  probabilityToWeight,
  weightToProbability,
  type MatchModel,
} from "./model/model";
export { PairScorer } from "./model/scorer";
export {
  estimateU,
  estimateMByEm,
  estimateMFromLabels,
  type LabelledPair,
  type TrainingOptions,
} from "./model/train";
export {
  learnFromLabels,
  DEFAULT_LABEL_LEARNING,
  type LabelledPositions,
  type LabelLearningOptions,
} from "./model/labels";
export {
  clusterPairs,
  mayJoinClusters,
  sameSourceCannotLinkWeightFor,
  type Clustering,
  type JoinGuard,
  type JoinVeto,
  type ScoredPairs,
} from "./cluster";
export {
  resolveRecords,
  resolveRecordsInParallel,
  resolveStore,
  buildStore,
  calibrationFromLabels,
  type LabelledRecordPair,
  type Resolution,
  type ResolveOptions,
} from "./resolve";
export { explainPair, formatExplanation, type PairExplanation, type ExplanationTerm } from "./explain";
export {
  surviveAttributes,
  type SurvivorshipConfig,
  type SurvivorshipMember,
  type SurvivorshipRule,
  type GoldenValue,
} from "./survivorship";
export {
  classifyPair,
  decisionWeightsOf,
  isMatch,
  type DecisionWeights,
  type PairDecision,
  type PairGate,
} from "./decide/classify";
export { ResidentIndex, blockLimitsFor, maxRealtimeBlockSize } from "./realtime/resident-index";
export {
  planArrivals,
  joinGuardOf,
  type Arrival,
  type ArrivalDecision,
  type ArrivalOutcome,
  type ArrivalPlan,
  type ArrivalSettings,
} from "./realtime/plan-arrivals";
export { pairwiseScore, type PairwiseScore } from "./evaluate";
export {
  generateCustomers,
  type SyntheticDataset,
  type SyntheticRecord,
  type SyntheticOptions,
} from "./synthetic/generate";
export { writeSyntheticCsv } from "./synthetic/csv";
export {
  generateLookalikes,
  type LookalikeDataset,
  type LookalikeOptions,
  type LookalikeRecord,
} from "./synthetic/lookalikes";
