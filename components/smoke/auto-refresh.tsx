"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Refreshes a server-rendered page while what it shows is still running. */
export function AutoRefresh({ active, everyMs = 700 }: { active: boolean; everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(t);
  }, [active, everyMs, router]);
  return null;
}
