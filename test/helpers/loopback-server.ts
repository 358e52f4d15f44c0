/**
 * A real `node:http` server on 127.0.0.1 for behaviour tests: routes by method and path, records
 * every request, and offers the faults HTTP clients must survive (connection resets, slow bodies,
 * HTML error pages). Start one per test file and close it in teardown.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** A request the server received. */
export interface RecordedRequest {
  method: string
  /** Path and raw query exactly as sent. */
  url: string
  headers: IncomingMessage['headers']
  body: string
}

/** Handles one request; `body` is the full request body as text. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>

/** A running loopback server. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  /** Every request received, in order. */
  readonly requests: RecordedRequest[]
  /** Registers (or replaces) the handler for `METHOD /path` (path without query). */
  route(method: string, path: string, handler: RouteHandler): void
  /** Removes every route and recorded request. */
  reset(): void
  /** Requests recorded for a path (without query). */
  requestsTo(path: string): RecordedRequest[]
  /** Closes the server and every open connection. */
  close(): Promise<void>
}

/** Starts a server on 127.0.0.1 with an ephemeral port. Unrouted requests get a JSON 404. */
export async function startLoopbackServer(): Promise<LoopbackServer> {
  const routes = new Map<string, RouteHandler>()
  const requests: RecordedRequest[] = []
  const sockets = new Set<Socket>()
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const url = req.url ?? '/'
      requests.push({ method: req.method ?? 'GET', url, headers: req.headers, body })
      const path = url.split('?')[0] ?? '/'
      const handler = routes.get(`${req.method} ${path}`)
      if (!handler) {
        sendJson(res, 404, { error: 'not found', path })
        return
      }
      Promise.resolve(handler(req, res, body)).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: String(error) })
        else res.destroy()
      })
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    route(method, path, handler) {
      routes.set(`${method.toUpperCase()} ${path}`, handler)
    },
    reset() {
      routes.clear()
      requests.length = 0
    },
    requestsTo(path) {
      return requests.filter((r) => (r.url.split('?')[0] ?? '') === path)
    },
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Sends a JSON body with extra headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

/** Sends an HTML page (what a proxy or login page returns). */
export function sendHtml(
  res: ServerResponse,
  status: number,
  html = '<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>',
): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
  res.end(html)
}

/** Drops the connection without a response (a reset, as a load balancer does). */
export function resetConnection(req: IncomingMessage): void {
  req.socket.destroy()
}

/** Sends headers, then the body slowly in pieces, `delayMs` apart. */
export function sendSlowly(res: ServerResponse, text: string, delayMs: number, pieces = 4): void {
  res.writeHead(200, { 'content-type': 'application/json' })
  const size = Math.ceil(text.length / pieces)
  let i = 0
  const tick = (): void => {
    if (res.destroyed) return
    if (i >= text.length) {
      res.end()
      return
    }
    res.write(text.slice(i, i + size))
    i += size
    setTimeout(tick, delayMs)
  }
  tick()
}

/** A `{ uri }` query value or path from a recorded request, decoded with form semantics. */
export function queryOf(request: RecordedRequest): URLSearchParams {
  return new URLSearchParams(request.url.split('?')[1] ?? '')
}
