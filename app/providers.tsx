"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { z } from "zod";

// NOTE: zod 4 probes `new Function` for its fast path; under our CSP (no
// 'unsafe-eval', decision 075) that probe is a policy violation. Jitless
// mode never tries it.
z.config({ jitless: true });

export function Providers({ children }: { children: ReactNode }) {
  // NOTE: one QueryClient per browser session, created in state so it is not
  // shared between requests during server rendering.
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 10_000, refetchOnWindowFocus: false, retry: 1 } },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
