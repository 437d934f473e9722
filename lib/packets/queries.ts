import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { Packet, PacketCreateInput, PacketListItem, PacketPatch, ShareLink, VersionMeta } from "@/lib/packets/schema";

const enc = encodeURIComponent;

export const packetKeys = {
  all: ["packets"] as const,
  detail: (id: string) => ["packets", id] as const,
  shareLinks: (id: string) => ["packets", id, "share-links"] as const,
};

export const packetsQuery = () =>
  queryOptions({ queryKey: packetKeys.all, queryFn: async () => (await apiFetch<{ items: PacketListItem[] }>("/api/packets")).items });

export const packetQuery = (id: string) => queryOptions({ queryKey: packetKeys.detail(id), queryFn: () => apiFetch<Packet>(`/api/packets/${enc(id)}`) });

export const shareLinksQuery = (id: string) =>
  queryOptions({ queryKey: packetKeys.shareLinks(id), queryFn: async () => (await apiFetch<{ items: ShareLink[] }>(`/api/packets/${enc(id)}/share-links`)).items });

export const createPacketRequest = (input: PacketCreateInput) => apiFetch<Packet>("/api/packets", { method: "POST", json: input });
export const patchPacketRequest = (id: string, patch: PacketPatch) => apiFetch<Packet>(`/api/packets/${enc(id)}`, { method: "PATCH", json: patch });
export const deletePacketRequest = (id: string) => apiFetch<void>(`/api/packets/${enc(id)}`, { method: "DELETE" });
export const attachRecordsRequest = (id: string, runIds: number[], revision: number) =>
  apiFetch<Packet>(`/api/packets/${enc(id)}/records`, { method: "POST", json: { runIds, revision } });
export const detachRecordRequest = (id: string, runId: number) => apiFetch<Packet>(`/api/packets/${enc(id)}/records/${runId}`, { method: "DELETE" });
export const setStatusRequest = (id: string, status: "draft" | "ready") => apiFetch<Packet>(`/api/packets/${enc(id)}/status`, { method: "POST", json: { status } });
export const createShareRequest = (id: string, expiresInHours: number) =>
  apiFetch<ShareLink & { path: string; url: string; version: VersionMeta }>(`/api/packets/${enc(id)}/share`, { method: "POST", json: { expiresInHours } });
export const revokeShareRequest = (linkId: string) => apiFetch<ShareLink>(`/api/share-links/${enc(linkId)}`, { method: "DELETE" });
