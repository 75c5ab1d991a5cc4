// Who is on the other end of a request: the client's address and whether it came over HTTPS. Behind TRUST_PROXY=N
// reverse proxies, exactly N hops of the X-Forwarded-* headers are believed; whatever a client wrote further left is
// ignored, so rotating a fake left-most X-Forwarded-For changes nothing.

export type Connection = {
  /** The socket's peer: the client itself, or the nearest proxy. */
  remoteAddress?: string | null
  /** The socket itself is TLS (no proxy in between). */
  encrypted?: boolean
}

export type Client = {
  address: string
  https: boolean
  /** The host the client asked for (Host, or the trusted X-Forwarded-Host). */
  host: string | null
}

function hops(value: string | null): string[] {
  return value ? value.split(',').map((hop) => hop.trim()).filter(Boolean) : []
}

/** `::ffff:10.0.0.1` (IPv4 on an IPv6 socket) reads as `10.0.0.1`. */
function tidy(address: string | null | undefined): string | null {
  if (!address) return null
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address
}

export function resolveClient(headers: Headers, connection: Connection, trustedProxies: number): Client {
  const peer = tidy(connection.remoteAddress) ?? 'inconnue'
  if (trustedProxies <= 0) return { address: peer, https: Boolean(connection.encrypted), host: headers.get('host') }
  // Each trusted proxy appended the address it saw: the client is N hops left of the socket's peer.
  const chain = [...hops(headers.get('x-forwarded-for')), peer]
  const address = tidy(chain[Math.max(0, chain.length - 1 - trustedProxies)]) ?? peer
  // Protocol and host: the value the outermost trusted proxy gave (appended lists grow to the right).
  const pick = (list: string[]) => (list.length ? list[Math.max(0, list.length - trustedProxies)] : undefined)
  const proto = pick(hops(headers.get('x-forwarded-proto')))?.toLowerCase()
  const host = pick(hops(headers.get('x-forwarded-host'))) ?? headers.get('host')
  return { address, https: proto ? proto === 'https' : Boolean(connection.encrypted), host }
}
