import type { Metadata } from "next";
import { Suspense } from "react";
import { RecordsView } from "@/components/smoke/records-view";
import { listTargets } from "@/lib/targets/service";
import { requirePageUser } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Records" };
export const dynamic = "force-dynamic";

export default async function RecordsPage() {
  await requirePageUser();
  const targets = (await listTargets()).map((t) => ({ id: t.id, name: t.name }));
  return (
    <Suspense>
      <RecordsView targets={targets} />
    </Suspense>
  );
}
