"use client";

import Link from "next/link";

// Our own error page for a fault while rendering a page (a server fault, the
// database unreachable). It says what happened without the server's message:
// details go to the server log only (decision 037); the digest ties the two.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="grid min-h-[60vh] place-items-center px-4 py-10">
      <div role="alert" className="card w-full max-w-lg p-6" data-testid="error-page">
        <p className="text-sm font-medium text-slate-600 dark:text-slate-400">Something went wrong</p>
        <h1 className="mt-1 text-xl font-semibold">This page could not be shown</h1>
        <p className="mt-3 text-sm text-slate-700 dark:text-slate-300">
          The server hit a fault while preparing it. Nothing you entered was sent by opening this page. Try again; if it keeps failing, check the server log
          {error.digest ? <> for the reference <span className="mono">{error.digest}</span></> : null} and <Link href="/api/health" className="text-sky-800 underline dark:text-sky-300">the health check</Link>.
        </p>
        <div className="mt-5 flex flex-wrap gap-2">
          <button type="button" className="btn-primary" onClick={() => reset()}>
            Try again
          </button>
          <Link href="/records" className="btn-secondary">Go to Records</Link>
        </div>
      </div>
    </main>
  );
}
