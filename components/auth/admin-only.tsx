/** What a page shows a signed-in user whose role may not open it (the API refuses them too). */
export function NeedsRole({ role }: { role: string }) {
  return (
    <div className="card p-6">
      <h1 className="text-lg font-semibold">This page needs the {role} role</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Ask an admin of this server if you need access.</p>
    </div>
  );
}
