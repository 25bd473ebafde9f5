// Scores pairs of stored records with a model: comparison levels -> Fellegi-Sunter match weight, with
// term-frequency adjustment of exact agreement on common values.
import { EXACT_LEVEL, type LevelFunction } from "../compare/comparisons";
import { compileKernel, type RowLevelFunction } from "../compare/kernel";
import { FIELD_SLOT, NULL_VALUE, ROW_STRIDE, type FieldColumn, type RecordStore } from "../store";
import { levelWeight, probabilityToWeight, type MatchModel } from "./model";

export class PairScorer {
  /** Level of a pair of record positions per comparison (the kernels, wrapped). */
  readonly levelFunctions: LevelFunction[];
  /** The comparison kernels over the store's rows: the hot loops call these. */
  readonly kernels: RowLevelFunction[];
  /** weights[k][level]: log2(m/u) of comparison k at a level (plus what stewards' answers taught, if any). */
  readonly weights: Float64Array[];
  /** Mixed-radix place value of each comparison in a pattern number. */
  readonly strides: number[];
  readonly radices: number[];
  readonly priorWeight: number;
  private readonly tfColumns: (FieldColumn | null)[];
  /** Row slot of each TF-adjusted comparison's field; -1 for the others. */
  private readonly tfSlots: Int32Array;
  private readonly nameComparisons: boolean[];
  private readonly gate: {
    givenName: LevelFunction;
    elseLevel: number;
    identifiers: { level: LevelFunction; elseLevel: number }[];
  } | null;
  private readonly exactU: number[];

  constructor(
    readonly model: MatchModel,
    readonly store: RecordStore,
  ) {
    this.kernels = model.comparisons.map((c) => compileKernel(c.spec, store));
    this.levelFunctions = this.kernels.map(
      (kernel) => (a: number, b: number) => kernel(store.rows, a * ROW_STRIDE, b * ROW_STRIDE),
    );
    // Stewards' answers shift level weights (calibration.levels, model/labels.ts): every score and explanation sees them.
    const shifts = model.calibration?.levels;
    this.weights = model.comparisons.map((c, k) =>
      Float64Array.from(c.levels, (level, l) => levelWeight(level) + (shifts?.[k]?.[l] ?? 0)),
    );
    this.radices = model.comparisons.map((c) => c.levels.length);
    this.strides = [];
    let stride = 1;
    for (const radix of this.radices) {
      this.strides.push(stride);
      stride *= radix;
    }
    if (stride > Number.MAX_SAFE_INTEGER)
      throw new Error("model has too many comparison levels to encode a pattern");
    this.priorWeight = probabilityToWeight(model.probabilityTwoRandomRecordsMatch);
    this.tfColumns = model.comparisons.map((c) =>
      c.spec.termFrequency ? store.columns[c.spec.field] : null,
    );
    this.tfSlots = Int32Array.from(model.comparisons, (c) =>
      c.spec.termFrequency ? FIELD_SLOT[c.spec.field] : -1,
    );
    this.exactU = model.comparisons.map((c) => c.levels[EXACT_LEVEL]?.u ?? 1);
    this.nameComparisons = model.comparisons.map((c) => c.spec.kind === "name");
    const gate = model.nameGate;
    const givenIndex = gate ? model.comparisons.findIndex((c) => c.spec.name === gate.givenName) : -1;
    this.gate =
      gate && givenIndex >= 0
        ? {
            givenName: this.levelFunctions[givenIndex]!,
            elseLevel: this.radices[givenIndex]! - 1,
            identifiers: model.comparisons.flatMap((c, k) =>
              gate.identifiers.includes(c.spec.name)
                ? [{ level: this.levelFunctions[k]!, elseLevel: this.radices[k]! - 1 }]
                : [],
            ),
          }
        : null;
  }

  /**
   * False when the name gate forbids linking the pair automatically: given names disagree and no identifier
   * agrees (exactly or within one character); or (with corroboration on) nothing but names agrees.
   */
  passesNameGate(a: number, b: number): boolean {
    const gate = this.gate;
    if (!gate) return true;
    if (gate.givenName(a, b) === gate.elseLevel) {
      let identified = false;
      // Exact, or one keystroke apart (FEBRL's ids one digit off): two relatives' identifiers are never that close.
      for (const identifier of gate.identifiers) {
        const level = identifier.level(a, b);
        if (level > 0 && level < identifier.elseLevel) identified = true;
      }
      if (!identified) return false;
    }
    if (!this.model.nameGate?.corroboration) return true;
    for (let k = 0; k < this.levelFunctions.length; k++) {
      if (this.nameComparisons[k]) continue;
      if (this.weights[k]![this.levelFunctions[k]!(a, b)]! > 0) return true;
    }
    return false;
  }

  /** The comparison vector of a pair as one number (levels in mixed radix): EM works on counts of these. */
  pattern(a: number, b: number): number {
    let pattern = 0;
    const kernels = this.kernels;
    const rows = this.store.rows;
    const ra = a * ROW_STRIDE;
    const rb = b * ROW_STRIDE;
    for (let k = 0; k < kernels.length; k++) pattern += kernels[k]!(rows, ra, rb) * this.strides[k]!;
    return pattern;
  }

  levelOf(pattern: number, k: number): number {
    return Math.floor(pattern / this.strides[k]!) % this.radices[k]!;
  }

  /**
   * Term-frequency adjustment (bits) for comparison k when the pair agrees exactly: log2(u / tf(value)).
   * Positive for rare values, negative for common ones; zero when the comparison has no TF adjustment.
   */
  termFrequencyAdjustment(k: number, a: number): number {
    const column = this.tfColumns[k];
    if (!column) return 0;
    const valueId = this.store.rows[a * ROW_STRIDE + this.tfSlots[k]!]!;
    if (valueId === NULL_VALUE) return 0;
    // Both records hold the value, so it occurs at least twice.
    const tf = Math.max(column.counts[valueId]!, 2) / Math.max(column.nonNullCount, 2);
    return Math.log2(this.exactU[k]! / tf);
  }

  /** Match weight of a pair whose pattern is known: prior + level weights + TF adjustments. */
  weightOfPattern(pattern: number, a: number): number {
    let total = this.priorWeight;
    let rest = pattern;
    for (let k = 0; k < this.weights.length; k++) {
      const radix = this.radices[k]!;
      const level = rest % radix;
      rest = (rest - level) / radix;
      total += this.weights[k]![level]!;
      if (level === EXACT_LEVEL && this.tfColumns[k]) total += this.termFrequencyAdjustment(k, a);
    }
    return total;
  }

  /** Match weight (bits) of a pair of stored records. */
  score(a: number, b: number): number {
    let total = this.priorWeight;
    const kernels = this.kernels;
    const rows = this.store.rows;
    const ra = a * ROW_STRIDE;
    const rb = b * ROW_STRIDE;
    for (let k = 0; k < kernels.length; k++) {
      const level = kernels[k]!(rows, ra, rb);
      total += this.weights[k]![level]!;
      if (level === EXACT_LEVEL && this.tfColumns[k]) total += this.termFrequencyAdjustment(k, a);
    }
    return total;
  }
}
