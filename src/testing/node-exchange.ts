/**
 * Moves fake API requests and responses over `node:http`, for the loopback servers.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FakeApiRequest, FakeApiResponse } from './http-exchange.js'

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * Wraps a `node:http` request for a fake API.
 * @param req - the incoming request
 * @param origin - the server's origin, e.g. `http://127.0.0.1:52811`
 */
export function fromNodeRequest(req: IncomingMessage, origin: string): FakeApiRequest {
  return {
    method: req.method ?? 'GET',
    url: new URL(req.url ?? '/', origin),
    header: (name) => {
      const value = req.headers[name]
      return Array.isArray(value) ? value.join(', ') : value
    },
    text: () => readBody(req),
  }
}

/**
 * Writes a fake API's answer to a `node:http` response.
 * @param res - the server response
 * @param answer - what the fake API answered
 */
export function writeNodeResponse(res: ServerResponse, answer: FakeApiResponse): void {
  res.writeHead(answer.status, answer.headers)
  res.end(answer.body)
}

/** Where a loopback test server listens. */
export interface MockServerListenOptions {
  /**
   * TCP port on 127.0.0.1; `0` picks a free one. A fixed port lets a person paste the URL once
   * (`rosterkit serve-mock --port`).
   * @default 0
   */
  port?: number | undefined
}
