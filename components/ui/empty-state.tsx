export function EmptyState({ title, children, action }: { title: string; children?: React.ReactNode; action?: React.ReactNode }) {
  return (
    <div className="card flex flex-col items-start gap-2 p-8">
      <h2 className="text-base font-semibold">{title}</h2>
      {children ? <div className="max-w-2xl text-sm text-slate-600 dark:text-slate-400">{children}</div> : null}
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}
