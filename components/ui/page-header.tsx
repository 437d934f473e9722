/**
 * A page's title, one line of purpose and its actions. The longer guide text
 * (what the page is for in the guide's words) sits one click away in "About
 * this page", so the page opens with what it is for, not with paragraphs
 * (issue 15). Keep `description` to one short line.
 */
export function PageHeader({ title, description, guide, actions }: { title: string; description?: React.ReactNode; guide?: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <header className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description ? (
          <p className="mt-1 max-w-2xl text-sm text-slate-600 dark:text-slate-400" data-testid="page-purpose">
            {description}
          </p>
        ) : null}
        {guide ? (
          <details className="mt-1 max-w-2xl text-sm" data-testid="page-guide">
            <summary className="cursor-pointer text-sky-800 underline-offset-2 hover:underline dark:text-sky-300">About this page</summary>
            <div className="mt-1 text-slate-700 dark:text-slate-300">{guide}</div>
          </details>
        ) : null}
      </div>
      {actions ? <div className="flex shrink-0 gap-2">{actions}</div> : null}
    </header>
  );
}
