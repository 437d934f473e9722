import type { PacketStatus } from "@/lib/packets/constants";

// The one packet status. Only facts are stored — `readyAt` (set when the
// operator marks the packet ready, cleared in the same transaction as any
// edit that makes it incomplete) and the share links with their expiry and
// revocation — and every view (detail, list, history, share) derives the
// status here. See docs/decisions/042-one-packet-status.md.

export type StatusFacts = {
  readyAt: Date | null;
  shareLinks: { expiresAt: Date; revokedAt: Date | null }[];
};

export const liveLinks = (row: Pick<StatusFacts, "shareLinks">, now: Date) => row.shareLinks.filter((l) => !l.revokedAt && l.expiresAt > now).length;

/** "shared" while a link is live (it shows the version it was made for); "ready" while marked ready and nothing blocks; else "draft". */
export function packetStatus(row: StatusFacts, readiness: { ready: boolean }, now: Date): PacketStatus {
  if (liveLinks(row, now) > 0) return "shared";
  if (row.readyAt && readiness.ready) return "ready";
  return "draft";
}
