// The client's IP address for rate limits and the audit log. X-Forwarded-For is believed only
// as far as TRUST_PROXY says (the proxy-addr model, with ipaddr.js): a hop count trusts that many
// proxies nearest to us (the socket peer is the first), a CIDR list trusts the proxies inside
// it. Unset, the header is ignored and the socket address is the client.
import ipaddr from "ipaddr.js";

export type TrustProxy =
  | { kind: "none" }
  | { kind: "hops"; hops: number }
  | { kind: "ranges"; ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] };

/** Parses TRUST_PROXY; throws an Error naming the bad entry. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  if (!value) return { kind: "none" };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops === 0 ? { kind: "none" } : { kind: "hops", hops };
  }
  const ranges = value.split(",").map((raw) => {
    const entry = raw.trim();
    try {
      if (entry.includes("/")) return ipaddr.parseCIDR(entry);
      const ip = ipaddr.parse(entry);
      return [ip, ip.kind() === "ipv4" ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number];
    } catch {
      throw new Error(`"${entry}" is not an IP address or CIDR range`);
    }
  });
  return { kind: "ranges", ranges };
}

/** "::ffff:10.0.0.1" → "10.0.0.1"; anything unparsable → null. */
export function normalizeIp(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.trim().replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(s)) return null;
  return ipaddr.process(s).toString();
}

function trusted(ip: string, trust: TrustProxy): boolean {
  if (trust.kind !== "ranges") return false;
  const addr = ipaddr.process(ip);
  return trust.ranges.some(([range, bits]) => {
    const r = range.kind() === addr.kind() ? range : null;
    return r ? addr.match(r as never, bits) : false;
  });
}

/**
 * The client address: the socket peer, or, through trusted proxies, the nearest untrusted
 * address of X-Forwarded-For. A missing socket address (in-process requests) counts as the
 * nearest proxy for a hop count.
 */
export function clientAddress(socketAddress: string | null | undefined, forwardedFor: string | null, trust: TrustProxy): string | null {
  const socket = normalizeIp(socketAddress);
  if (trust.kind === "none" || !forwardedFor) return socket;
  // Nearest first: the socket, then X-Forwarded-For right to left.
  const chain = forwardedFor.split(",").map((p) => p.trim()).reverse();
  if (trust.kind === "hops") {
    const hopsInHeader = Math.min(trust.hops, chain.length);
    // hop 1 is the socket peer; each further hop trusted moves one entry further left.
    const candidate = chain[hopsInHeader - 1];
    return normalizeIp(candidate) ?? socket;
  }
  if (!socket || !trusted(socket, trust)) return socket;
  let current = socket;
  for (const entry of chain) {
    const ip = normalizeIp(entry);
    if (!ip) return current;
    current = ip;
    if (!trusted(ip, trust)) return ip;
  }
  return current;
}
