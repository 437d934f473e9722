import ipaddr from "ipaddr.js";

/**
 * The egress policy as pure functions: where a target may send its probe.
 * No I/O here; lib/targets/egress-settings.ts loads the allow-list and
 * lib/smoke/egress-fetch.ts applies the check to the address actually
 * connected to. docs/decisions/060-egress-policy.md.
 *
 * - Always refused: link-local and cloud-metadata destinations (169.254.0.0/16,
 *   fe80::/10, fd00:ec2::254, metadata.google.internal) and the unspecified
 *   address (0.0.0.0 reaches this machine on Linux) — even when listed.
 * - Private, loopback and other non-public ranges: only when an admin lists a
 *   CIDR containing the address or the host name itself.
 * - Public addresses: allowed.
 */

export type EgressEntry = { kind: "cidr"; text: string; range: [ipaddr.IPv4 | ipaddr.IPv6, number] } | { kind: "host"; text: string; host: string };
export type EgressPolicy = { entries: EgressEntry[] };

export type AddressClass = { category: "public" | "private" | "refused"; label: string };
export type EgressVerdict = { allowed: true } | { allowed: false; rule: "always_refused" | "not_listed"; address: string; label: string };

/** Names that are cloud metadata services, whatever they resolve to. */
const METADATA_HOSTS = ["metadata.google.internal", "metadata.goog"];
const ALWAYS_REFUSED_V6: [ipaddr.IPv6, number][] = [ipaddr.IPv6.parseCIDR("fd00:ec2::254/128")];

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*$/;

/** A URL's host as fetch will use it: lower case, no brackets, no trailing dot. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
}

/**
 * The host of a base URL after the WHATWG URL parser has normalised it — the
 * same parser fetch uses, so `2130706433`, `0x7f.1`, `0177.0.0.1` and `127.1`
 * all become 127.0.0.1 here exactly as they would on the wire.
 */
export function urlHost(url: string): string | null {
  try {
    return normalizeHost(new URL(url).hostname);
  } catch {
    return null;
  }
}

/** IPv4 inside IPv6 (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96) is judged as the IPv4 it carries. */
function embeddedV4(a: ipaddr.IPv6): ipaddr.IPv4 | null {
  if (a.isIPv4MappedAddress()) return a.toIPv4Address();
  const p = a.parts;
  const v4 = () => new ipaddr.IPv4([p[6] >> 8, p[6] & 0xff, p[7] >> 8, p[7] & 0xff]);
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7] > 1)) return v4();
  if (a.range() === "rfc6052") return v4();
  return null;
}

function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const a = ipaddr.parse(normalizeHost(address).replace(/%.*$/, ""));
  if (a.kind() === "ipv6") return embeddedV4(a as ipaddr.IPv6) ?? a;
  return a;
}

/** Which class an IP address falls into (after unwrapping embedded IPv4). */
export function classifyAddress(address: string): AddressClass {
  const a = parseAddress(address);
  const range = a.range();
  if (range === "linkLocal") return { category: "refused", label: a.kind() === "ipv4" ? "link-local / cloud metadata (169.254.0.0/16)" : "link-local (fe80::/10)" };
  if (range === "unspecified") return { category: "refused", label: "the unspecified address (it reaches this machine)" };
  if (a.kind() === "ipv6" && ALWAYS_REFUSED_V6.some((r) => (a as ipaddr.IPv6).match(r))) return { category: "refused", label: "cloud metadata (fd00:ec2::254)" };
  if (range === "unicast") return { category: "public", label: "public" };
  const labels: Record<string, string> = {
    loopback: "loopback",
    private: "private (RFC 1918)",
    uniqueLocal: "private (unique local, fc00::/7)",
    carrierGradeNat: "shared address space (100.64.0.0/10)",
  };
  return { category: "private", label: labels[range] ?? `non-public (${range})` };
}

/** The address in its canonical spelling (IPv4 dotted quad, IPv6 compressed). */
export function canonicalAddress(address: string): string {
  return parseAddress(address).toString();
}

export const isMetadataHost = (host: string) => METADATA_HOSTS.includes(normalizeHost(host));
const isLocalhostName = (host: string) => host === "localhost" || host.endsWith(".localhost");

/** One allow-list entry: a CIDR (or a single address) or a host name. */
export function parseEgressEntry(raw: string): { ok: true; entry: EgressEntry } | { ok: false; message: string } {
  const text = raw.trim();
  if (!text) return { ok: false, message: "Empty entry." };
  if (text.includes("/") || ipaddr.isValid(normalizeHost(text))) {
    let range: [ipaddr.IPv4 | ipaddr.IPv6, number];
    try {
      range = text.includes("/") ? ipaddr.parseCIDR(normalizeHost(text)) : ((a) => [a, a.kind() === "ipv4" ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number])(ipaddr.parse(normalizeHost(text)));
    } catch {
      return { ok: false, message: `${text} is not a CIDR (e.g. 10.20.0.0/16) or an address.` };
    }
    // Stored as its network address: 10.1.2.3/8 and 0x0a.1/8 are both 10.0.0.0/8.
    const network = range[0].kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(`${range[0]}/${range[1]}`) : ipaddr.IPv6.networkAddressFromCIDR(`${range[0]}/${range[1]}`);
    const cls = classifyAddress(network.toString());
    if (cls.category === "refused") return { ok: false, message: `${text} is ${cls.label}: always refused, it cannot be allowed.` };
    if (range[1] === 0) return { ok: false, message: `${text} would allow every address; list the internal ranges you need.` };
    return { ok: true, entry: { kind: "cidr", text: `${network.toString()}/${range[1]}`, range: [network, range[1]] } };
  }
  const host = normalizeHost(text);
  if (!HOST_NAME.test(host)) return { ok: false, message: `${text} is not a host name or a CIDR.` };
  if (isMetadataHost(host)) return { ok: false, message: `${host} is a cloud metadata service: always refused, it cannot be allowed.` };
  return { ok: true, entry: { kind: "host", text: host, host } };
}

/** Parses a list, keeping the valid entries and reporting the others by index. */
export function parseEgressEntries(list: string[]): { entries: EgressEntry[]; problems: { index: number; message: string }[] } {
  const entries: EgressEntry[] = [];
  const problems: { index: number; message: string }[] = [];
  list.forEach((raw, index) => {
    const r = parseEgressEntry(raw);
    if (r.ok) entries.push(r.entry);
    else problems.push({ index, message: r.message });
  });
  return { entries, problems };
}

/** May a connection go to `address`, reached through `host` (the name in the URL, if any)? */
export function checkAddress(address: string, host: string | null, policy: EgressPolicy): EgressVerdict {
  const cls = classifyAddress(address);
  const canonical = canonicalAddress(address);
  if (cls.category === "refused") return { allowed: false, rule: "always_refused", address: canonical, label: cls.label };
  if (cls.category === "public") return { allowed: true };
  const name = host && !ipaddr.isValid(host) ? normalizeHost(host) : null;
  const a = parseAddress(address);
  const listed = policy.entries.some((e) =>
    e.kind === "host" ? e.host === name : e.range[0].kind() === a.kind() && a.match(e.range as [never, number]),
  );
  return listed ? { allowed: true } : { allowed: false, rule: "not_listed", address: canonical, label: cls.label };
}

/**
 * The check that can be made from the URL alone (create, update, and before
 * every attempt): IP literals in every spelling, metadata names, localhost.
 * Other names are checked on their resolved addresses at each attempt.
 */
export function checkUrlHost(host: string, policy: EgressPolicy): EgressVerdict {
  const h = normalizeHost(host);
  if (isMetadataHost(h)) return { allowed: false, rule: "always_refused", address: h, label: "a cloud metadata service" };
  if (ipaddr.isValid(h)) return checkAddress(h, null, policy);
  if (isLocalhostName(h)) return checkAddress("127.0.0.1", h, policy);
  return { allowed: true };
}

/** The one sentence a refusal is explained with (form, API issue, record). */
export function refusalMessage(v: Exclude<EgressVerdict, { allowed: true }>, spelled?: string): string {
  const what = spelled && normalizeHost(spelled) !== v.address ? `${spelled} is ${v.address}, ` : `${v.address} is `;
  if (v.rule === "always_refused") return `${what}${v.label}; targets may never reach it.`;
  return `${what}a ${v.label} address; targets reach private and loopback addresses only when an administrator lists them in the egress allow-list (Settings → egress, or EVIDENCE_EGRESS_ALLOW).`;
}

/** Is this base URL the app's own embedded sandbox (always allowed)? */
export function isOwnSandbox(baseUrl: string, sandboxBases: string[]): boolean {
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    return false;
  }
  return sandboxBases.some((b) => {
    try {
      const s = new URL(b);
      const prefix = s.pathname.replace(/\/+$/, "");
      return s.origin === u.origin && (u.pathname === prefix || u.pathname.startsWith(`${prefix}/`));
    } catch {
      return false;
    }
  });
}
