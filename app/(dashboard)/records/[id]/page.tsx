import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";
import { formatTestId, RunIdSchema } from "@/lib/smoke/schema";
import { getRun } from "@/lib/smoke/store";
import { AutoRefresh } from "@/components/smoke/auto-refresh";
import { RecordDetail } from "@/components/smoke/record-detail";
import { RunAgain, RunAgainOrigin } from "@/components/smoke/run-again";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/page";
import { traceUrlTemplate } from "@/lib/telemetry/trace-url";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams?: Promise<{ again?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const parsed = RunIdSchema.safeParse(await params);
  return { title: parsed.success ? formatTestId(parsed.data.id) : "Record" };
}

export default async function RecordPage({ params, searchParams }: Props) {
  await requirePageUser();
  const parsed = RunIdSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const run = await getRun(parsed.data.id).catch((err) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  // Opened by "Run again" on another record: say which (the id only, read from the link).
  const again = RunIdSchema.safeParse({ id: (await searchParams)?.again });
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/records" className="text-sky-800 underline underline-offset-2 dark:text-sky-300">Records</Link>
        <span aria-hidden> / </span>
        <span className="mono">{run.testId}</span>
      </nav>
      <PageHeader title={run.testId} description={`${run.targetName} · ${run.record.environment_label} · ${run.record.endpoint_family} · checked ${run.record.checked_at}`} />
      {again.success && again.data.id !== run.id ? <RunAgainOrigin key={run.id} fromId={again.data.id} fromTestId={formatTestId(again.data.id)} /> : null}
      <RunAgain key={`again-${run.id}`} run={run} />
      <AutoRefresh active={run.state === "running"} />
      <RecordDetail run={run} traceUrlTemplate={traceUrlTemplate()} />
    </>
  );
}
