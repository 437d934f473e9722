// Client-safe formatting for the history views. Times are shown in UTC, like
// the records' checked_at, so a shared link reads the same everywhere.

export function fmtUtc(iso: string | null | undefined): string {
  if (!iso) return "—";
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function fmtPct(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return "no data";
  return `${Math.round(rate * 1000) / 10} %`;
}

export function fmtDuration(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 1) return "under a minute";
  if (min < 120) return `${min} min`;
  const h = Math.round(min / 6) / 10;
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 2.4) / 10} days`;
}

export function fmtAgo(iso: string | null | undefined, now: number): string {
  if (!iso) return "never";
  const ms = now - Date.parse(iso);
  if (ms < 0) return "just now";
  return `${fmtDuration(ms)} ago`;
}

export const nf = new Intl.NumberFormat("en-US");
