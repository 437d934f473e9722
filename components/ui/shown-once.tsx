import { CopyButton } from "@/components/ui/copy-button";

/** A secret the server shows once (an API token, an invitation link): the value, and a copy button. */
export function ShownOnce({ title, value, testId, copyLabel }: { title: string; value: string; testId: string; copyLabel: string }) {
  return (
    <div role="status" className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
      <p className="font-medium">{title}</p>
      <p className="mono mt-1 break-all" data-testid={testId}>
        {value}
      </p>
      <CopyButton text={value} label={copyLabel} />
    </div>
  );
}
