import { describe, expect, it } from "vitest";
import { checkAddress, checkUrlHost, classifyAddress, isOwnSandbox, parseEgressEntries, parseEgressEntry, urlHost } from "@/lib/targets/egress";

const policy = (...list: string[]) => ({ entries: parseEgressEntries(list).entries });
const none = policy();

describe("classifyAddress", () => {
  it.each([
    ["169.254.169.254", "refused"],
    ["169.254.0.1", "refused"],
    ["fe80::1", "refused"],
    ["febf:ffff::1", "refused"],
    ["fd00:ec2::254", "refused"],
    ["::ffff:169.254.169.254", "refused"],
    ["::ffff:a9fe:a9fe", "refused"],
    ["64:ff9b::a9fe:a9fe", "refused"],
    ["::169.254.169.254", "refused"],
    ["0.0.0.0", "refused"],
    ["::", "refused"],
    ["127.0.0.1", "private"],
    ["127.255.0.9", "private"],
    ["::1", "private"],
    ["::ffff:127.0.0.1", "private"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["192.168.0.1", "private"],
    ["100.64.0.1", "private"],
    ["fd00::2", "private"],
    ["fd00:ec2::253", "private"],
    ["8.8.8.8", "public"],
    ["2606:4700::1111", "public"],
    ["::ffff:8.8.8.8", "public"],
  ])("%s is %s", (address, category) => {
    expect(classifyAddress(address).category).toBe(category);
  });
});

describe("URL spellings are judged as the address fetch would use", () => {
  it.each([
    ["http://2130706433/v1", "127.0.0.1"],
    ["http://0x7f.1/v1", "127.0.0.1"],
    ["http://127.1/v1", "127.0.0.1"],
    ["http://0177.0.0.1/v1", "127.0.0.1"],
    ["http://0x7f000001/v1", "127.0.0.1"],
    ["http://[::ffff:169.254.169.254]/v1", "::ffff:a9fe:a9fe"],
    ["http://METADATA.GOOGLE.INTERNAL./v1", "metadata.google.internal"],
  ])("%s → %s", (url, host) => {
    expect(urlHost(url)).toBe(host);
    expect(checkUrlHost(urlHost(url)!, none).allowed).toBe(false);
  });

  it("public names are left to the resolved-address check; localhost is loopback", () => {
    expect(checkUrlHost("api.openai.com", none).allowed).toBe(true);
    expect(checkUrlHost("localhost", none).allowed).toBe(false);
    expect(checkUrlHost("app.localhost", none).allowed).toBe(false);
    expect(checkUrlHost("localhost", policy("localhost")).allowed).toBe(true);
  });
});

describe("checkAddress with an allow-list", () => {
  it("a listed CIDR allows its private addresses, also IPv4-mapped", () => {
    const p = policy("10.0.0.0/8");
    expect(checkAddress("10.20.30.40", "gw.corp", p).allowed).toBe(true);
    expect(checkAddress("::ffff:10.20.30.40", "gw.corp", p).allowed).toBe(true);
    expect(checkAddress("192.168.1.1", "gw.corp", p).allowed).toBe(false);
  });

  it("a listed host name allows what it resolves to, except what is always refused", () => {
    const p = policy("gw.corp.example");
    expect(checkAddress("10.0.0.5", "GW.corp.example.", p).allowed).toBe(true);
    expect(checkAddress("10.0.0.5", "other.example", p).allowed).toBe(false);
    expect(checkAddress("169.254.169.254", "gw.corp.example", p)).toMatchObject({ allowed: false, rule: "always_refused" });
    // A listed range that contains a metadata address never opens it.
    expect(checkAddress("fd00:ec2::254", null, policy("fd00::/8")).allowed).toBe(false);
    expect(checkAddress("fd00:ec2::253", null, policy("fd00::/8")).allowed).toBe(true);
  });

  it("an IPv6 range does not match an IPv4 address and vice versa", () => {
    expect(checkAddress("127.0.0.1", null, policy("::1/128")).allowed).toBe(false);
    expect(checkAddress("::1", null, policy("127.0.0.0/8")).allowed).toBe(false);
  });
});

describe("parseEgressEntry", () => {
  it("canonicalises", () => {
    expect(parseEgressEntry("10.1.2.3")).toMatchObject({ ok: true, entry: { text: "10.1.2.3/32" } });
    expect(parseEgressEntry("Gw.Corp.")).toMatchObject({ ok: true, entry: { kind: "host", text: "gw.corp" } });
    expect(parseEgressEntry("10.1.2.3/8")).toMatchObject({ ok: true, entry: { text: "10.0.0.0/8" } });
    expect(parseEgressEntry("0x7f.1/8")).toMatchObject({ ok: true, entry: { text: "127.0.0.0/8" } });
  });
  it.each(["169.254.0.0/16", "169.254.169.254/32", "fe80::/64", "fd00:ec2::254", "metadata.google.internal", "metadata.goog", "a b", "10.0.0.0/8/1", "0.0.0.0/0"])("refuses %s", (e) => {
    expect(parseEgressEntry(e).ok).toBe(false);
  });
});

describe("isOwnSandbox", () => {
  const bases = ["http://127.0.0.1:3000/api/sandbox/v1"];
  it("only the sandbox's own origin and path", () => {
    expect(isOwnSandbox("http://127.0.0.1:3000/api/sandbox/v1", bases)).toBe(true);
    expect(isOwnSandbox("http://127.0.0.1:3000/api/sandbox/v1/", bases)).toBe(true);
    expect(isOwnSandbox("http://127.0.0.1:3000/api/targets", bases)).toBe(false);
    expect(isOwnSandbox("http://127.0.0.1:3000/api/sandbox/v10", bases)).toBe(false);
    expect(isOwnSandbox("http://127.0.0.1:3001/api/sandbox/v1", bases)).toBe(false);
    expect(isOwnSandbox("http://2130706433:3000/api/sandbox/v1", bases)).toBe(true);
  });
});
