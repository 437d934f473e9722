import type { Metadata } from "next";
import { PacketsView } from "@/components/packets/packets-view";
import { listPackets, listRecentRehearsals } from "@/lib/packets/service";
import { listRuns } from "@/lib/smoke/store";
import { requirePageUser } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Packets" };
export const dynamic = "force-dynamic";

export default async function PacketsPage({ searchParams }: { searchParams: Promise<{ rehearsalId?: string }> }) {
  await requirePageUser();
  const [packets, rehearsals, runs, sp] = await Promise.all([listPackets(), listRecentRehearsals(), listRuns({ limit: 50 }), searchParams]);
  return <PacketsView initialPackets={packets} rehearsals={rehearsals} runs={runs.items} preselectRehearsalId={sp.rehearsalId} />;
}
