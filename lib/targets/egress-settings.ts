import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { env, sandboxBaseUrl } from "@/lib/env";
import { logger } from "@/lib/log";
import { remember } from "@/lib/shared/registry";
import { readSetting, writeSetting } from "@/lib/settings/store";
import { parseEgressEntries, type EgressPolicy } from "@/lib/targets/egress";
import { EgressSettingsSchema, type EgressSettings, type EgressSettingsInputSchema } from "@/lib/targets/egress-schema";
import type { z } from "zod";

const KEY = "egress.allow";
/** The policy is read on every attempt; a change by another process is seen within TTL_MS. */
const TTL_MS = 2000;
const cache = remember("egress.policy", () => ({ policy: null as EgressPolicy | null, at: 0, envList: null as string[] | null }));

export const ALWAYS_REFUSED = ["169.254.0.0/16 (link-local, cloud metadata)", "fe80::/10 (IPv6 link-local)", "fd00:ec2::254 (cloud metadata)", "metadata.google.internal, metadata.goog", "0.0.0.0, :: (unspecified)"];

/** Stored entries, read leniently: a non-list is empty, an entry that no longer parses is skipped (and logged). */
async function storedEntries(): Promise<{ list: string[]; updatedAt: Date | null }> {
  const s = await readSetting(KEY);
  if (!s) return { list: [], updatedAt: null };
  const value = s.value as { entries?: unknown } | null;
  const list = Array.isArray(value?.entries) ? value.entries.filter((e): e is string => typeof e === "string") : [];
  return { list, updatedAt: s.updatedAt };
}

function policyOf(lists: string[][]): EgressPolicy {
  const { entries, problems } = parseEgressEntries(lists.flat());
  if (problems.length) logger.warn({ skipped: problems.length }, "egress allow-list entries skipped: they do not parse");
  return { entries };
}

/** The policy in force: EVIDENCE_EGRESS_ALLOW plus the admin's list in settings. */
export async function egressPolicy(): Promise<EgressPolicy> {
  const envList = env().EVIDENCE_EGRESS_ALLOW;
  if (cache.policy && cache.envList === envList && Date.now() - cache.at < TTL_MS) return cache.policy;
  const { list } = await storedEntries();
  cache.policy = policyOf([envList, list]);
  cache.envList = envList;
  cache.at = Date.now();
  return cache.policy;
}

/** The base URLs of the app's own sandbox: always allowed. */
export function ownSandboxBases(): string[] {
  return [sandboxBaseUrl()];
}

export async function getEgressSettings(): Promise<EgressSettings> {
  const { list, updatedAt } = await storedEntries();
  return EgressSettingsSchema.parse({
    entries: list,
    fromEnvironment: env().EVIDENCE_EGRESS_ALLOW,
    alwaysRefused: ALWAYS_REFUSED,
    alwaysAllowed: ownSandboxBases(),
    updatedAt: updatedAt?.toISOString() ?? null,
  });
}

export async function putEgressSettings(input: z.output<typeof EgressSettingsInputSchema>, actor: Actor): Promise<EgressSettings> {
  await writeSetting(KEY, { entries: input.entries }, actor, `egress allow-list: ${input.entries.join(", ") || "(empty)"}`);
  clearEgressPolicyCache();
  return getEgressSettings();
}

export function clearEgressPolicyCache() {
  cache.policy = null;
}
