"use client";

import { useEffect, useState } from "react";
import { msLeft, timeLeftText } from "@/lib/smoke/live-attempt";
import type { LiveAttempt } from "@/lib/smoke/schema";

/**
 * The time left before the attempt in flight times out, counted down in the
 * browser from what the server measured (`elapsedMs`), so the two clocks need
 * not agree. Re-keyed on every poll by the caller. Not a live region: a
 * screen reader hears the attempt line, not ten numbers a second.
 */
export function AttemptClock({ live, streamBegun }: { live: LiveAttempt; streamBegun: boolean }) {
  const [since, setSince] = useState(0);
  useEffect(() => {
    const start = performance.now();
    const t = setInterval(() => setSince(performance.now() - start), 200);
    return () => clearInterval(t);
  }, []);
  const left = msLeft(live, since);
  return (
    <p className="mt-1 text-sm tabular-nums text-slate-700 dark:text-slate-300" data-testid="attempt-clock" data-ms-left={streamBegun ? undefined : left}>
      {timeLeftText(live, since, streamBegun)}
    </p>
  );
}
