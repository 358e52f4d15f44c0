/**
 * Moves fake API requests and responses through msw. msw is an optional peer dependency of
 * `rosterkit/testing`, so nothing here imports it, not even its types (a consumer's type-check must
 * pass without msw installed): the caller hands in msw's `http` and `HttpResponse`, described here
 * by the little of them the handlers use.
 *
 * @module
 */
import type { FakeApiRequest, FakeApiResponse } from '../http-exchange.js'

/** The part of msw's `http` namespace the handler factories call; `Handler` is msw's `HttpHandler`. */
export interface MswHttp<Handler> {
  /** Registers a resolver for every method on one URL pattern. */
  all(path: string, resolver: (info: { request: Request }) => Promise<Response>): Handler
}

/**
 * msw's `http` and `HttpResponse`, as the handler factories take them: pass
 * `{ http, HttpResponse }` imported from `msw`.
 */
export interface MswApi<Handler> {
  /** msw's `http` namespace. */
  http: MswHttp<Handler>
  /** msw's `HttpResponse` class. */
  HttpResponse: new (
    body: string,
    init: ResponseInit,
  ) => Response
}

/**
 * Builds msw handlers that answer every method on the given URL patterns with a fake API.
 * @param msw - msw's `http` and `HttpResponse`
 * @param patterns - absolute URL patterns in msw's path syntax
 * @param answer - the fake API
 */
export function mswHandlersFor<Handler>(
  msw: MswApi<Handler>,
  patterns: readonly string[],
  answer: (request: FakeApiRequest) => FakeApiResponse | Promise<FakeApiResponse>,
): Handler[] {
  return patterns.map((pattern) =>
    msw.http.all(pattern, async ({ request }) => {
      const response = await answer({
        method: request.method.toUpperCase(),
        url: new URL(request.url),
        header: (name) => request.headers.get(name) ?? undefined,
        text: () => request.text(),
      })
      return new msw.HttpResponse(response.body, { status: response.status, headers: response.headers })
    }),
  )
}
