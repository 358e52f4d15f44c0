/**
 * msw handlers that fake a district's OneRoster or Clever API without opening a port. msw is an
 * optional peer dependency: pass its `http` and `HttpResponse` in; nothing here imports msw.
 *
 * @module
 */
export { type CleverHandlersOptions, createCleverHandlers } from './clever-handlers.js'
export type { MswApi, MswHttp } from './msw-exchange.js'
export { createOneRosterHandlers, type OneRosterHandlersOptions } from './oneroster-handlers.js'
