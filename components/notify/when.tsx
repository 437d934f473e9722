import { formatUtc } from "@/lib/packets/present";

/** A time in UTC, as the rest of the dashboard shows it; local time on hover. */
export function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={`Local time: ${new Date(iso).toLocaleString()}`}>
      {formatUtc(iso)}
    </time>
  );
}
