"use client";

import "./globals.css";

// The last resort, when the root layout itself failed: it replaces the whole
// document, so it brings its own <html> and <body>.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main id="main" className="grid min-h-screen place-items-center px-4 py-10">
          <div role="alert" className="card w-full max-w-lg p-6">
            <h1 className="text-xl font-semibold">Evidence Packet could not load this page</h1>
            <p className="mt-3 text-sm text-slate-700 dark:text-slate-300">
              The server hit a fault. Try again; if it keeps failing, check the server log{error.digest ? <> for the reference <span className="mono">{error.digest}</span></> : null}.
            </p>
            <div className="mt-5 flex flex-wrap gap-2">
              <button type="button" className="btn-primary" onClick={() => reset()}>
                Try again
              </button>
              {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full load: the router may be what failed. */}
              <a href="/records" className="btn-secondary">Go to Records</a>
            </div>
          </div>
        </main>
      </body>
    </html>
  );
}
