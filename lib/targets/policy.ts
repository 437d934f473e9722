import "server-only";
import { credentialVarAllowed } from "@/lib/env";
import { badRequest, type ErrorIssue } from "@/lib/errors";
import { checkUrlHost, isOwnSandbox, refusalMessage, urlHost } from "@/lib/targets/egress";
import { egressPolicy, ownSandboxBases } from "@/lib/targets/egress-settings";

/** The field message for a credential variable that is not on the allowlist; never says whether it is set. */
export function credentialNotAllowedMessage(name: string): string {
  return `${name} is not an allowed credential variable. An administrator allows it by adding it to EVIDENCE_CREDENTIAL_VARS (comma-separated) on the server and restarting.`;
}

/** What a run on a target naming one records instead of sending (decision 061). */
export function credentialNotAllowedNote(name: string): string {
  return `request not sent: the credential variable ${name} is not allowed on this server (EVIDENCE_CREDENTIAL_VARS)`;
}

/**
 * The server-side rules a target's fields must also meet, beyond their shape:
 * the credential allowlist (decision 061) and the egress policy as far as the
 * URL alone can tell (decision 060; host names are checked on their resolved
 * addresses at every attempt). Only the fields given are checked, so an edit
 * of other fields still saves; a 400 names each refused field.
 */
export async function checkTargetPolicy(fields: { baseUrl?: string; credentialEnvVar?: string | null }): Promise<void> {
  const issues: ErrorIssue[] = [];
  if (fields.credentialEnvVar && !credentialVarAllowed(fields.credentialEnvVar)) {
    issues.push({ path: "credentialEnvVar", message: credentialNotAllowedMessage(fields.credentialEnvVar) });
  }
  if (fields.baseUrl !== undefined && !isOwnSandbox(fields.baseUrl, ownSandboxBases())) {
    const host = urlHost(fields.baseUrl);
    const spelled = rawHost(fields.baseUrl);
    const verdict = host ? checkUrlHost(host, await egressPolicy()) : null;
    if (verdict && !verdict.allowed) issues.push({ path: "baseUrl", message: refusalMessage(verdict, spelled ?? undefined) });
  }
  if (issues.length) throw badRequest(`Not allowed: ${issues.map((i) => i.path).join(", ")}.`, issues);
}

/** The host as the operator typed it (before the URL parser normalised it), for the message. */
function rawHost(url: string): string | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]*\]|[^/:?#]*)/i.exec(url.trim());
  return m ? m[1] : null;
}
