// @c360/predict: churn propensity and next-best-offer from a person's events. Pure: data in, model and scores out.
export * from "./types";
export * from "./features";
export * from "./logistic";
export * from "./calibration";
export * from "./metrics";
export * from "./drift";
export * from "./churn-model";
export * from "./offers";
export * from "./train-churn";
export * from "./synthetic";
