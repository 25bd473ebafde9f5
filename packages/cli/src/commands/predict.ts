// `c360 predict train | churn`: train the churn model on the customers' own history (decision 2301). train stores
// the model version and every profile's score, reasons and offers; churn writes profile_id,churn_probability for
// every profile as of a date, from data up to that date only, and stores nothing.
import { systemActor } from "@c360/core/actor";
import type { ChurnModelMetrics } from "@c360/core/predictions/train-churn-model";
import { computeChurnScores, trainChurnModel } from "@c360/core/predictions/train-churn-model";
import { UsageError, type Command, type CommandIO } from "../command";
import { parseFlags } from "../flags";
import { writeCsvFile } from "./export";
import { withDatabase } from "./with-database";

const fixed = (value: number | null, digits = 3) =>
  value === null || !Number.isFinite(value) ? "—" : value.toFixed(digits);
const percent = (value: number | null) => (value === null ? "—" : `${(value * 100).toFixed(1)}%`);

function horizonOf(flag: string | undefined): number | undefined {
  if (flag === undefined) return undefined;
  if (!/^\d+$/.test(flag)) throw new UsageError(`--horizon-days takes a whole number of days, not "${flag}"`);
  return Number(flag);
}

function printMetrics(io: CommandIO, m: ChurnModelMetrics) {
  io.stdout(
    `c360 predict: out of time (trained on ${m.trainRows} people as of ${m.trainCutoff.slice(0, 10)}, tested on ${m.testRows} as of ${m.testCutoff.slice(0, 10)}): ` +
      `AUC ${fixed(m.auc)} (recency alone ${fixed(m.recencyAuc)}, rule-based score ${fixed(m.ruleAuc)}), log loss ${fixed(m.logLoss)}, ` +
      `calibration error ${fixed(m.calibrationError)}, lift in the top decile ${fixed(m.liftTopDecile, 2)}, churn rate ${percent(m.baseRate)}`,
  );
  io.stdout(
    `c360 predict: offers hit rate at 3 ${percent(m.offers.hitRate)} against ${percent(m.offers.popularityHitRate)} for the most popular products (${m.offers.cases} people with later orders)`,
  );
  const drifted = m.drift.filter((d) => d.level !== "stable");
  io.stdout(
    drifted.length === 0
      ? "c360 predict: no feature drift since the training window (PSI < 0.1 for every feature)"
      : `c360 predict: drift since the training window: ${drifted.map((d) => `${d.feature} PSI ${d.psi.toFixed(2)} (${d.level})`).join(", ")}`,
  );
}

export const predictCommand: Command = {
  name: "predict",
  summary: "train the churn model and next-best-offer; export churn probabilities as of a date",
  usage:
    "c360 predict train [--as-of YYYY-MM-DD] [--horizon-days N]\n       c360 predict churn --as-of YYYY-MM-DD [--horizon-days N] --out FILE",
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === "train") {
      const flags = parseFlags(rest, ["as-of", "horizon-days"]);
      const horizonDays = horizonOf(flags["horizon-days"]);
      return withDatabase(
        async ({ db }) => {
          const started = performance.now();
          const trained = await trainChurnModel(db, systemActor("cli"), {
            asOf: flags["as-of"],
            horizonDays,
            trigger: "cli",
          });
          const { bands } = trained.metrics;
          io.stdout(
            `c360 predict: churn model version ${trained.version} trained on data up to ${trained.asOf.toISOString()} (horizon ${trained.horizonDays} days); ` +
              `${trained.profilesScored} profiles scored: ${bands.high} high, ${bands.medium} medium, ${bands.low} low risk; ${((performance.now() - started) / 1000).toFixed(1)} s`,
          );
          printMetrics(io, trained.metrics);
          return 0;
        },
        { io },
      );
    }
    if (sub === "churn") {
      const flags = parseFlags(rest, ["as-of", "horizon-days", "out"]);
      if (!flags["as-of"]) throw new UsageError("--as-of YYYY-MM-DD is required");
      if (!flags.out) throw new UsageError("--out FILE is required");
      const horizonDays = horizonOf(flags["horizon-days"]);
      const out = flags.out;
      return withDatabase(
        async ({ db }) => {
          const scores = await computeChurnScores(db, systemActor("cli"), {
            asOf: flags["as-of"],
            horizonDays,
          });
          await writeCsvFile(
            out,
            ["profile_id", { name: "churn_probability", kind: "numeric" }],
            scores.rows.map((r) => [r.profileId, r.churnProbability.toFixed(6)]),
          );
          io.stdout(
            `c360 predict: churn probabilities of ${scores.rows.length} profiles as of ${scores.asOf.toISOString()} written to ${out}`,
          );
          printMetrics(io, scores.metrics);
          return 0;
        },
        { io },
      );
    }
    throw new UsageError(
      sub ? `unknown predict command "${sub}"` : "say what to do: c360 predict train or churn",
    );
  },
};
