/**
 * A loopback proxy in front of a mock server that misbehaves on demand, as gateways, proxies and
 * half-broken SIS deployments do: it rewrites count headers and bodies, answers error statuses,
 * resets connections and cuts bodies short. Requests are forwarded with their Host header intact,
 * so signatures made for the proxy's address are checked against that address upstream.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** One upstream answer, as the proxy read it. */
export interface UpstreamAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

/** What to do with one request. */
export type Fault =
  /** Answer this instead of asking upstream. */
  | { respond: { status: number; body: string; headers?: Record<string, string> } }
  /** Drop the connection before any response. */
  | { reset: true }
  /** Ask upstream, then change the answer. */
  | { rewrite: (answer: UpstreamAnswer) => UpstreamAnswer }
  /**
   * Ask upstream, then send only the first `keepBytes` of its body. With `declareLength` the full
   * Content-Length is announced and the socket destroyed (the client sees a reset mid-body);
   * without it the response ends cleanly after the cut (chunked), as a proxy that gave up does.
   */
  | { truncate: { keepBytes: number; declareLength: boolean } }

/** A request as the fault chooser sees it. */
export interface ProxiedRequest {
  method: string
  /** Path without the query. */
  path: string
  query: URLSearchParams
  /** 1-based count of requests to this method and path (retries included). */
  attempt: number
}

/** A running fault proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  /** Every request seen, in order. */
  readonly seen: ProxiedRequest[]
  /** Requests seen for a path (without query). */
  requestsTo(path: string): ProxiedRequest[]
  close(): Promise<void>
}

/**
 * Starts a proxy to `upstream` (an origin) that asks `choose` what to do with every request.
 * @param upstream - e.g. a mock server's origin
 * @param choose - returns a fault, or undefined to pass the request through
 */
export async function startFaultProxy(
  upstream: string,
  choose: (request: ProxiedRequest) => Fault | undefined,
): Promise<FaultProxy> {
  const target = new URL(upstream)
  const seen: ProxiedRequest[] = []
  const counts = new Map<string, number>()
  const sockets = new Set<Socket>()
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://proxy')
      const key = `${req.method} ${url.pathname}`
      const attempt = (counts.get(key) ?? 0) + 1
      counts.set(key, attempt)
      const proxied: ProxiedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        attempt,
      }
      seen.push(proxied)
      const fault = choose(proxied)
      if (fault !== undefined && 'reset' in fault) {
        req.socket.destroy()
        return
      }
      if (fault !== undefined && 'respond' in fault) {
        const { status, body, headers } = fault.respond
        res.writeHead(status, { 'content-type': 'application/json', ...headers })
        res.end(body)
        return
      }
      forward(req, Buffer.concat(chunks)).then(
        (answer) => {
          if (fault !== undefined && 'rewrite' in fault) {
            const changed = fault.rewrite(answer)
            const headers = { ...changed.headers }
            delete headers['content-length']
            delete headers['transfer-encoding']
            res.writeHead(changed.status, { ...headers, 'content-length': String(Buffer.byteLength(changed.body)) })
            res.end(changed.body)
            return
          }
          if (fault !== undefined && 'truncate' in fault) {
            const full = Buffer.from(answer.body)
            const headers = { ...answer.headers }
            delete headers['content-length']
            delete headers['transfer-encoding']
            if (fault.truncate.declareLength) headers['content-length'] = String(full.byteLength)
            res.writeHead(answer.status, headers)
            res.write(full.subarray(0, fault.truncate.keepBytes), () => {
              if (fault.truncate.declareLength) res.destroy()
              else res.end()
            })
            return
          }
          const headers = { ...answer.headers }
          delete headers['transfer-encoding']
          headers['content-length'] = String(Buffer.byteLength(answer.body))
          res.writeHead(answer.status, headers)
          res.end(answer.body)
        },
        () => res.destroy(),
      )
    })
  })

  function forward(req: IncomingMessage, body: Buffer): Promise<UpstreamAnswer> {
    return new Promise((resolve, reject) => {
      const out = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          // Host stays the proxy's: the client signed and addressed the proxy.
          headers: req.headers,
        },
        (upstreamRes) => {
          const parts: Buffer[] = []
          upstreamRes.on('data', (c: Buffer) => parts.push(c))
          upstreamRes.on('end', () => {
            const headers: Record<string, string> = {}
            for (const [name, value] of Object.entries(upstreamRes.headers)) {
              if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
            }
            resolve({ status: upstreamRes.statusCode ?? 502, headers, body: Buffer.concat(parts).toString('utf8') })
          })
          upstreamRes.on('error', reject)
        },
      )
      out.on('error', reject)
      out.end(body)
    })
  }

  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    requestsTo: (path) => seen.filter((r) => r.path === path),
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
