import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupAddress } from "node:dns";
import { Agent } from "undici";
import { remember } from "@/lib/shared/registry";
import { checkAddress, checkUrlHost, isOwnSandbox, normalizeHost, refusalMessage, urlHost, type EgressPolicy, type EgressVerdict } from "@/lib/targets/egress";

/**
 * The egress policy applied where it matters: to the addresses a probe is
 * about to connect to (docs/decisions/060-egress-policy.md).
 *
 * Before every attempt the base URL's host is checked — IP literals in the
 * spelling the URL parser gives them, and host names by resolving them now —
 * so an attempt whose destination is refused is never handed to undici. The
 * connection itself goes through an undici Agent whose `lookup` checks again
 * every address it returns, so a name that resolves differently a moment
 * later (DNS rebinding) still cannot reach a refused address.
 */

export type EgressContext = { policy: EgressPolicy; sandboxBases: string[] };
export type Resolver = (host: string) => Promise<LookupAddress[]>;

const defaultResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

const state = remember("egress.fetch", () => ({
  resolver: null as Resolver | null,
  /** The policy of the attempt that last passed the pre-check; the lookup below applies it. */
  policy: { entries: [] } as EgressPolicy,
  agents: null as { checked: Agent; sandbox: Agent } | null,
}));

/** Test hook: resolve host names with `resolver` (null restores the system's). */
export function setEgressResolverForTests(resolver: Resolver | null) {
  state.resolver = resolver;
}

const resolve = (host: string) => (state.resolver ?? defaultResolver)(host);

/** Why an attempt was not sent; `cause` of the fetch error when the lookup refused. */
export class EgressRefusedError extends Error {
  readonly code = "EGRESS_REFUSED";
  constructor(readonly note: string) {
    super(note);
    this.name = "EgressRefusedError";
  }
}

const refusedNote = (v: Exclude<EgressVerdict, { allowed: true }>, host: string, resolved: boolean) =>
  `request not sent: the egress policy refused ${resolved ? `the resolved address of ${host}: ` : ""}${refusalMessage(v, resolved ? undefined : host)}`;

/** All of a name's addresses must be allowed (a mix is refused whole). */
function firstRefused(host: string, addresses: LookupAddress[], policy: EgressPolicy) {
  for (const a of addresses) {
    const v = checkAddress(a.address, host, policy);
    if (!v.allowed) return v;
  }
  return null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** net.connect's `lookup`, checking every address before the socket connects. */
function checkedLookup(hostname: string, options: { family?: number | string; all?: boolean }, callback: LookupCallback) {
  const host = normalizeHost(hostname);
  resolve(host).then(
    (found) => {
      const family = options.family === 4 || options.family === "IPv4" ? 4 : options.family === 6 || options.family === "IPv6" ? 6 : 0;
      const addresses = family ? found.filter((a) => a.family === family) : found;
      const refused = firstRefused(host, found, state.policy);
      if (refused) return callback(new EgressRefusedError(refusedNote(refused, host, true)), "");
      if (!addresses.length) return callback(Object.assign(new Error(`no address for ${host}`), { code: "ENOTFOUND" }), "");
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    },
    (err: NodeJS.ErrnoException) => callback(err, ""),
  );
}

function agents() {
  return (state.agents ??= {
    checked: new Agent({ connect: { lookup: checkedLookup as never } }),
    // The app's own sandbox is always allowed (it may be reached as localhost).
    sandbox: new Agent(),
  });
}

/**
 * The pre-check of one attempt: the dispatcher to send it through, or the
 * calm sentence saying why it is not sent.
 */
export async function egressPreflight(baseUrl: string, egress: EgressContext): Promise<{ ok: true; dispatcher: Agent } | { ok: false; note: string }> {
  if (isOwnSandbox(baseUrl, egress.sandboxBases)) return { ok: true, dispatcher: agents().sandbox };
  const host = urlHost(baseUrl);
  if (!host) return { ok: false, note: "request not sent: the base URL has no host" };
  const literal = checkUrlHost(host, egress.policy);
  if (!literal.allowed) return { ok: false, note: refusedNote(literal, host, false) };
  state.policy = egress.policy;
  if (!/^[0-9.]+$/.test(host) && !host.includes(":")) {
    let found: LookupAddress[];
    try {
      found = await resolve(host);
    } catch {
      // Not resolvable now: the connection's own lookup reports it as the connection error it is.
      return { ok: true, dispatcher: agents().checked };
    }
    const refused = firstRefused(host, found, egress.policy);
    if (refused) return { ok: false, note: refusedNote(refused, host, true) };
  }
  return { ok: true, dispatcher: agents().checked };
}
