// L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least squares): with a few
// dozen standardised features each step is one pass over the rows plus a small Cholesky solve, and it converges in
// a handful of steps, where gradient descent needs a learning rate and hundreds of passes (decision 2301).

export interface LogisticFit {
  /** Weights per column of the (already transformed and standardised) design matrix. */
  weights: number[];
  intercept: number;
  iterations: number;
  converged: boolean;
}

export interface LogisticOptions {
  /** L2 penalty on the weights (not the intercept), per row: the objective is mean log loss + l2/2 * |w|^2. */
  l2?: number;
  maxIterations?: number;
  /** Stop when the largest change of a coefficient is below this. */
  tolerance?: number;
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Solves A x = b for a symmetric positive-definite A (row-major, k x k) by Cholesky; A is left unchanged. */
export function solveSymmetric(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * k + j]!;
      for (let m = 0; m < j; m++) sum -= l[i * k + m]! * l[j * k + m]!;
      if (i === j) {
        if (!(sum > 0)) throw new Error("matrix is not positive definite");
        l[i * k + i] = Math.sqrt(sum);
      } else l[i * k + j] = sum / l[j * k + j]!;
    }
  }
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let sum = b[i]!;
    for (let m = 0; m < i; m++) sum -= l[i * k + m]! * y[m]!;
    y[i] = sum / l[i * k + i]!;
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let m = i + 1; m < k; m++) sum -= l[m * k + i]! * x[m]!;
    x[i] = sum / l[i * k + i]!;
  }
  return x;
}

/**
 * Fits P(y = 1 | x) = sigmoid(intercept + w . x) on `rows` rows of `x` (row-major, `d` columns, standardised by the
 * caller) and labels `y` (0/1).
 */
export function fitLogistic(
  x: Float64Array,
  y: Uint8Array,
  rows: number,
  d: number,
  options: LogisticOptions = {},
): LogisticFit {
  const l2 = options.l2 ?? 1e-4;
  const maxIterations = options.maxIterations ?? 25;
  const tolerance = options.tolerance ?? 1e-6;
  if (rows === 0) throw new Error("no rows to fit");
  const k = d + 1; // intercept last
  const beta = new Float64Array(k);
  let positives = 0;
  for (let i = 0; i < rows; i++) positives += y[i]!;
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, positives / rows));
  beta[d] = Math.log(rate / (1 - rate));
  const hessian = new Float64Array(k * k);
  const gradient = new Float64Array(k);
  const row = new Float64Array(k);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    hessian.fill(0);
    gradient.fill(0);
    for (let i = 0; i < rows; i++) {
      const base = i * d;
      let z = beta[d];
      for (let j = 0; j < d; j++) {
        const v = x[base + j]!;
        row[j] = v;
        z += beta[j]! * v;
      }
      row[d] = 1;
      const p = sigmoid(z);
      const w = Math.max(p * (1 - p), 1e-10);
      const r = y[i]! - p;
      for (let a = 0; a < k; a++) {
        const ra = row[a]!;
        gradient[a] = gradient[a]! + ra * r;
        const wa = w * ra;
        const off = a * k;
        for (let b = 0; b <= a; b++) hessian[off + b] = hessian[off + b]! + wa * row[b]!;
      }
    }
    // Mean over rows, the penalty on the weights, and the upper triangle from the lower.
    for (let a = 0; a < k; a++) {
      gradient[a] = gradient[a]! / rows - (a < d ? l2 * beta[a]! : 0);
      for (let b = 0; b <= a; b++) {
        const v = hessian[a * k + b]! / rows + (a === b && a < d ? l2 : 0);
        hessian[a * k + b] = v;
        hessian[b * k + a] = v;
      }
      if (a === d) hessian[a * k + a] = hessian[a * k + a]! + 1e-9;
    }
    const step = solveSymmetric(hessian, gradient, k);
    let largest = 0;
    for (let a = 0; a < k; a++) {
      beta[a] = beta[a]! + step[a]!;
      largest = Math.max(largest, Math.abs(step[a]!));
    }
    if (largest < tolerance) {
      converged = true;
      break;
    }
  }
  return { weights: Array.from(beta.subarray(0, d)), intercept: beta[d], iterations, converged };
}
