import type { Metadata } from "next";
import { Suspense } from "react";
import { RehearseView } from "@/components/smoke/rehearse-view";
import { listBreakers } from "@/lib/smoke/breakers";
import { listTargets } from "@/lib/targets/service";

export const metadata: Metadata = { title: "Rehearse" };
export const dynamic = "force-dynamic";

export default async function RehearsePage() {
  const [targets, breakers] = await Promise.all([listTargets(), listBreakers()]);
  return (
    <Suspense>
      <RehearseView targets={targets} initialBreakers={breakers} />
    </Suspense>
  );
}
