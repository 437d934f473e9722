import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RecordCard } from "@/components/history/record-card";
import { traceUrlTemplate } from "@/lib/telemetry/trace-url";
import { ReviewForm } from "@/components/history/review-form";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { AppError } from "@/lib/errors";
import { fmtDuration, fmtUtc } from "@/lib/history/format";
import { getRehearsalReview } from "@/lib/history/rehearsals";
import { ERROR_SCENARIO_LABELS, REHEARSAL_DECISIONS } from "@/lib/smoke/schema";
import { requirePageUser } from "@/lib/auth/page";
import { roleAtLeast } from "@/lib/auth/roles";
import { DecisionsForm } from "@/components/smoke/decisions-form";

export const metadata: Metadata = { title: "Rehearsal review · History" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

const DECISION_VALUE = {
  decisionSafeIdentifier: "safeIdentifier",
  decisionAccountFacts: "accountFacts",
  decisionHoldFallback: "holdFallback",
} as const;

export default async function RehearsalReviewPage({ params }: Props) {
  const who = await requirePageUser();
  // Operators and admins record the decisions here too; viewers read them (the API refuses them anyway).
  const canDecide = roleAtLeast(who.role, "operator");
  const { id } = await params;
  let data: Awaited<ReturnType<typeof getRehearsalReview>>;
  try {
    data = await getRehearsalReview(id);
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  }
  const { rehearsal: r, packets } = data;
  const recorded = REHEARSAL_DECISIONS.filter((d) => r.decisions[DECISION_VALUE[d.key]]).length;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/history/rehearsals" className="text-sky-800 hover:underline dark:text-sky-300">
          ← Rehearsals
        </Link>
      </nav>
      <PageHeader
        title={`Rehearsal on ${r.targetName}`}
        description={
          <>
            Started {fmtUtc(r.startedAt)} · {r.trigger === "scheduled" ? "scheduled" : r.trigger}
            {r.startedBy && r.startedBy.kind !== "schedule" ? ` by ${r.startedBy.label}` : ""} · error path: {ERROR_SCENARIO_LABELS[r.errorScenario]}
          </>
        }
        actions={r.reviewedAt ? <Badge tone="pass">reviewed</Badge> : <Badge tone="warn">not reviewed</Badge>}
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <RecordCard title="Happy-path record" run={r.happy} traceUrlTemplate={traceUrlTemplate()} />
        <RecordCard title="Error-path record" run={r.error} traceUrlTemplate={traceUrlTemplate()} />
      </div>

      <section aria-labelledby="decisions-heading" className="card mt-4 p-4">
        <div className="flex items-center justify-between gap-2">
          <h2 id="decisions-heading" className="text-base font-semibold">
            The three decisions
          </h2>
          <Badge tone={recorded === 3 ? "pass" : recorded === 0 ? "fail" : "warn"}>{recorded} of 3 recorded</Badge>
        </div>
        {canDecide ? (
          <div className="mt-3">
            <DecisionsForm rehearsal={{ id: r.id, decisions: r.decisions }} refreshOnSave labelledBy="decisions-heading" />
          </div>
        ) : (
          <ol className="mt-3 space-y-3">
            {REHEARSAL_DECISIONS.map((d, i) => {
              const value = r.decisions[DECISION_VALUE[d.key]];
              return (
                <li key={d.key} className="text-sm">
                  <p className="font-medium">
                    {i + 1}. {d.label}
                  </p>
                  {value ? (
                    <p className="mt-0.5 whitespace-pre-wrap text-slate-800 dark:text-slate-200">{value}</p>
                  ) : (
                    <p className="mt-0.5 italic text-amber-800 dark:text-amber-300">not recorded</p>
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </section>

      <div className="mt-4 grid items-start gap-4 lg:grid-cols-2">
        <section aria-labelledby="packet-heading" className="card p-4">
          <h2 id="packet-heading" className="text-base font-semibold">
            Packet it fed
          </h2>
          {packets.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">No packet was built from this rehearsal.</p>
          ) : (
            <ul className="mt-2 space-y-2 text-sm" data-testid="packets-fed">
              {packets.map((p) => (
                <li key={p.id}>
                  <Link href={`/packets/${p.id}`} className="font-medium text-sky-800 hover:underline dark:text-sky-300">
                    {p.title}
                  </Link>{" "}
                  <Badge tone={p.status === "draft" ? "neutral" : "pass"}>{p.status}</Badge>
                  <div className="text-slate-700 dark:text-slate-300">
                    {p.msToReady !== null ? `Ready ${fmtDuration(p.msToReady)} after the rehearsal started (${fmtUtc(p.readyAt)}).` : "Not ready yet."}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
        <ReviewForm id={r.id} reviewedAt={r.reviewedAt} reviewedBy={r.reviewedBy?.label ?? null} comment={r.reviewComment} running={r.state === "running"} />
      </div>
    </>
  );
}
