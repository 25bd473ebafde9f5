// The two npm libraries compared in bench/compare-models.ts ship no types for these entry points.
declare module "ml-logistic-regression" {
  import type { Matrix } from "ml-matrix";
  export default class LogisticRegression {
    constructor(options: { numSteps: number; learningRate: number });
    classifiers: { testScores(x: Matrix): number[] }[];
    train(x: Matrix, y: Matrix): void;
  }
}
