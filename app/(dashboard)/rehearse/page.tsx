import type { Metadata } from "next";
import { Suspense } from "react";
import { RehearseView } from "@/components/smoke/rehearse-view";
import { listBreakers } from "@/lib/smoke/breakers";
import { listTargets } from "@/lib/targets/service";
import { requirePageUser } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Rehearse" };
export const dynamic = "force-dynamic";

export default async function RehearsePage() {
  await requirePageUser();
  const [targets, breakers] = await Promise.all([listTargets(), listBreakers()]);
  return (
    <Suspense>
      <RehearseView targets={targets} initialBreakers={breakers} />
    </Suspense>
  );
}
