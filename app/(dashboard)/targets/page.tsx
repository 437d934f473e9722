import type { Metadata } from "next";
import { TargetsView } from "@/components/targets/targets-view";
import { listBreakers } from "@/lib/smoke/breakers";
import { listTargets } from "@/lib/targets/service";
import { requirePageUser } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Targets" };
export const dynamic = "force-dynamic";

export default async function TargetsPage() {
  await requirePageUser();
  const [targets, breakers] = await Promise.all([listTargets(), listBreakers()]);
  return <TargetsView initialTargets={targets} initialBreakers={breakers} />;
}
