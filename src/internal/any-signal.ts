/**
 * A signal that aborts when any of `signals` aborts, with the first one's reason.
 *
 * `AbortSignal.any` arrived in Node 20.3; rosterkit supports every Node 20 release, so this falls
 * back to wiring the signals by hand where the runtime lacks it.
 * @param signals - the signals to follow
 */
export function anySignal(signals: readonly AbortSignal[]): AbortSignal {
  const native = (AbortSignal as { any?: (signals: AbortSignal[]) => AbortSignal }).any
  if (typeof native === 'function') return native.call(AbortSignal, [...signals])
  const controller = new AbortController()
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason)
      return controller.signal
    }
  }
  const onAbort = (event: Event): void => {
    controller.abort((event.target as AbortSignal).reason)
    for (const signal of signals) signal.removeEventListener('abort', onAbort)
  }
  for (const signal of signals) signal.addEventListener('abort', onAbort, { once: true })
  return controller.signal
}
