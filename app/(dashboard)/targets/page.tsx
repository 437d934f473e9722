import type { Metadata } from "next";
import { TargetsView } from "@/components/targets/targets-view";
import { listTargets } from "@/lib/targets/service";

export const metadata: Metadata = { title: "Targets" };
export const dynamic = "force-dynamic";

export default async function TargetsPage() {
  return <TargetsView initialTargets={await listTargets()} />;
}
