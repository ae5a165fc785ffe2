import { BlockList, isIP } from "node:net";
import { getEnv } from "./env";

// On the floor: the request context (http) and sign-in throttling (auth) both key on the client's address.
//
// X-Forwarded-For is whatever the client wrote unless a proxy we trust wrote it, so it is believed only when the
// request came straight from a proxy listed in LARDER_TRUSTED_PROXIES (IPs or CIDRs, comma-separated). The socket
// address of the request reaches the route handlers as PEER_ADDRESS_HEADER: scripts/peer-address.cjs, preloaded
// into the web process by `npm start` and `npm run dev`, sets it on every request from the socket itself,
// overwriting any value a client sent (Next.js gives route handlers no socket). Without it the address is unknown
// (null), never taken from a header a client controls.

type THeaderSource = Headers | Record<string, string | string[] | undefined>;

export const PEER_ADDRESS_HEADER = "x-larder-peer-address";
// Longer than any IPv6 text with a zone; what is longer is not an address.
const MAX_ADDRESS_LENGTH = 64;

const read = (headers: THeaderSource, name: string): string | undefined => {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The address as text a BlockList understands: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) as IPv4; null if not an IP. */
const normalized = (text: string | undefined): string | null => {
  const address = text?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return address && address.length <= MAX_ADDRESS_LENGTH && isIP(address) ? address : null;
};

const family = (address: string) => (isIP(address) === 6 ? "ipv6" : "ipv4");

/** The list of LARDER_TRUSTED_PROXIES; entries are validated in env.ts. */
export const parseTrustedProxies = (text: string): BlockList => {
  const list = new BlockList();
  for (const entry of text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)) {
    const [address, prefix] = entry.split("/");
    if (prefix === undefined) list.addAddress(address, family(address));
    else list.addSubnet(address, Number(prefix), family(address));
  }
  return list;
};

let trusted: BlockList | undefined;
const trustedProxies = (): BlockList => (trusted ??= parseTrustedProxies(getEnv().LARDER_TRUSTED_PROXIES));

const isTrusted = (list: BlockList, address: string) => list.check(address, family(address));

/**
 * The client's address: the socket's peer, or — when that peer is a trusted proxy — the right-most address in
 * X-Forwarded-For that is not itself a trusted proxy (addresses left of it were written by the client).
 */
export const clientIpFromHeaders = (headers: THeaderSource, proxies: BlockList = trustedProxies()): string | null => {
  const peer = normalized(read(headers, PEER_ADDRESS_HEADER));
  if (!peer || !isTrusted(proxies, peer)) return peer;
  const hops = (read(headers, "x-forwarded-for") ?? "").split(",").reverse();
  for (const hop of hops) {
    const address = normalized(hop);
    if (!address) return peer; // a hop that is not an address: nothing left of it can be believed
    if (!isTrusted(proxies, address)) return address;
  }
  return peer;
};
