// Churn model versions (decision 2301): how well each predicted, out of time, against recency alone and the
// rule-based score; how probabilities matched outcomes; how the risk is spread; which features drifted.
import { roleHas } from "@c360/auth/permissions";
import type { Metadata } from "next";
import { Table } from "@c360/ui/table";
import { PageHeader } from "~/components/page-header";
import { RetrainButton } from "~/components/predictions/retrain-button";
import { getServerApi } from "~/server/api";
import { checkPageAccess } from "~/server/session";

export const metadata: Metadata = { title: "Predictions" };

const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const num = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined || !Number.isFinite(value) ? "—" : value.toFixed(digits);
const pct = (value: number | null | undefined) =>
  value === null || value === undefined ? "—" : `${(value * 100).toFixed(1)}%`;

export default async function PredictionsPage() {
  const access = await checkPageAccess("/quality/predictions");
  const canTrain = access.actor.role !== null && roleHas(access.actor.role, "admin");
  const versions = await (await getServerApi()).predictions.models();
  const active = versions.find((v) => v.active) ?? null;
  return (
    <div>
      <PageHeader
        title="Churn predictions"
        description="Each trained model version, measured out of time: trained on one window, tested on the next, against recency alone and the rule-based churn risk on the same people."
      >
        {canTrain && <RetrainButton />}
      </PageHeader>
      <Table
        label="Churn model versions"
        rows={versions}
        rowKey={(v) => v.id}
        rowProps={(v) => ({ "data-testid": "prediction-model", "data-version": String(v.version) })}
        empty="No churn model trained yet: run c360 predict train."
        columns={[
          { id: "version", header: "Version", cell: (v) => `${v.version}${v.active ? " (active)" : ""}` },
          { id: "asOf", header: "Data up to", cell: (v) => day.format(new Date(v.asOf)) },
          { id: "horizon", header: "Horizon", cell: (v) => `${v.horizonDays} days` },
          { id: "auc", header: "AUC", cell: (v) => num(v.metrics.auc), className: "tabular-nums" },
          {
            id: "recency",
            header: "Recency alone",
            cell: (v) => num(v.metrics.recencyAuc),
            className: "tabular-nums",
          },
          {
            id: "rule",
            header: "Rule-based",
            cell: (v) => num(v.metrics.ruleAuc),
            className: "tabular-nums",
          },
          {
            id: "logloss",
            header: "Log loss",
            cell: (v) => num(v.metrics.logLoss),
            className: "tabular-nums",
          },
          {
            id: "lift",
            header: "Lift, top 10%",
            cell: (v) => num(v.metrics.liftTopDecile, 2),
            className: "tabular-nums",
          },
          {
            id: "offers",
            header: "Offers hit@3 (popular)",
            cell: (v) => `${pct(v.metrics.offers.hitRate)} (${pct(v.metrics.offers.popularityHitRate)})`,
          },
          {
            id: "bands",
            header: "High / medium / low risk",
            cell: (v) => `${v.metrics.bands.high} / ${v.metrics.bands.medium} / ${v.metrics.bands.low}`,
          },
          { id: "by", header: "Trained by", cell: (v) => v.trainedBy },
        ]}
      />
      {active && (
        <div className="mt-8 grid gap-8 lg:grid-cols-2">
          <section>
            <h2 className="mb-2 text-lg font-medium text-slate-900">
              Calibration: predicted against what happened
            </h2>
            <Table
              label={`Calibration of version ${active.version}`}
              rows={active.metrics.calibration}
              rowKey={(b) => String(b.from)}
              columns={[
                { id: "bin", header: "Predicted", cell: (b) => `${pct(b.from)}–${pct(b.to)}` },
                { id: "count", header: "People", cell: (b) => b.count, className: "tabular-nums" },
                {
                  id: "mean",
                  header: "Mean predicted",
                  cell: (b) => pct(b.meanPredicted),
                  className: "tabular-nums",
                },
                {
                  id: "observed",
                  header: "Churned",
                  cell: (b) => pct(b.observedRate),
                  className: "tabular-nums",
                },
              ]}
            />
          </section>
          <section>
            <h2 className="mb-2 text-lg font-medium text-slate-900">Feature drift since training</h2>
            <Table
              label={`Feature drift since version ${active.version}'s training window`}
              rows={active.metrics.drift.filter((d) => d.level !== "stable")}
              rowKey={(d) => d.feature}
              empty="No feature moved: every population stability index is below 0.1."
              columns={[
                { id: "feature", header: "Feature", cell: (d) => d.feature.replaceAll("_", " ") },
                { id: "psi", header: "PSI", cell: (d) => num(d.psi, 2), className: "tabular-nums" },
                { id: "level", header: "Drift", cell: (d) => d.level },
              ]}
            />
          </section>
        </div>
      )}
    </div>
  );
}
