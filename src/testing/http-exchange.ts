/**
 * The transport-free request and response the loopback servers and the msw handlers share: each
 * fake API answers a {@link FakeApiRequest} with a {@link FakeApiResponse}, and a thin adapter
 * moves them over `node:http` or through msw.
 *
 * @module
 */

/** One request as a fake API sees it, whatever carried it. */
export interface FakeApiRequest {
  /** HTTP method, upper case. */
  method: string
  /** The full request URL as the client sent it. */
  url: URL
  /** Reads a request header by lower-case name; `undefined` when absent. */
  header(name: string): string | undefined
  /** Reads the request body as text. */
  text(): Promise<string>
}

/** One answer of a fake API, ready to be written by any transport. */
export interface FakeApiResponse {
  /** HTTP status. */
  status: number
  /** Response headers by lower-case name. */
  headers: Record<string, string>
  /** Response body text. */
  body: string
}
