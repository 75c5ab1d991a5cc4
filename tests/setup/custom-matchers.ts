// Matchers that read as the specification: expect(response).toHaveRedirect('/admin/prospects/…'),
// .toHaveStatus(400), await expect(response).toSendToast({ type: 'succes' }). They accept what loaders and actions
// return: a Response (also when thrown, see tests/utils/helpers.ts `call`), a data() result, or plain data (200).
import { expect } from 'vitest'
// Only the type here: the toast module reads the environment, which a test file may still set (vi.hoisted) after
// this setup file has run. The module itself is loaded when a toast is read.
import type { Toast } from '~/utils/toast.server'

function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status
  if (result && typeof result === 'object' && (result as { type?: string }).type === 'DataWithResponseInit') {
    return (result as { init?: { status?: number } }).init?.status ?? 200
  }
  return 200
}

function sameUrl(a: string, b: string) {
  const ua = new URL(a, 'http://localhost')
  const ub = new URL(b, 'http://localhost')
  ua.searchParams.sort()
  ub.searchParams.sort()
  return ua.origin === ub.origin && ua.pathname === ub.pathname && ua.search === ub.search && ua.hash === ub.hash
}

expect.extend({
  toHaveStatus(received: unknown, status: number) {
    const actual = statusOf(received)
    return {
      pass: actual === status,
      message: () => `réponse ${this.isNot ? 'différente de' : 'attendue avec le statut'} ${status}, reçue : ${actual}`,
    }
  },
  toHaveRedirect(received: unknown, to?: string | RegExp) {
    if (!(received instanceof Response)) return { pass: false, message: () => `une redirection était attendue, reçu : ${this.utils.printReceived(received)}` }
    const location = received.headers.get('Location')
    const isRedirect = received.status >= 300 && received.status < 400 && location !== null
    const matches = isRedirect && (to === undefined || (typeof to === 'string' ? sameUrl(location!, to) : to.test(location!)))
    return {
      pass: matches,
      message: () =>
        `redirection ${this.isNot ? 'inattendue' : 'attendue'}${to ? ` vers ${this.utils.printExpected(String(to))}` : ''}, reçue : ${received.status} ${this.utils.printReceived(location)}`,
    }
  },
  async toSendToast(received: unknown, expected: Partial<Toast>) {
    const cookies = received instanceof Response ? received.headers.getSetCookie().map((c) => c.split(';')[0]) : []
    const { getToast } = await import('~/utils/toast.server')
    const { toast } = await getToast(new Request('http://localhost', { headers: { Cookie: cookies.join('; ') } }))
    const pass = toast !== null && this.equals(toast, expect.objectContaining(expected))
    return {
      pass,
      message: () => `toast ${this.isNot ? 'inattendu' : 'attendu'} ${this.utils.printExpected(expected)}, reçu : ${this.utils.printReceived(toast)}`,
    }
  },
})

interface CustomMatchers<R = unknown> {
  toHaveStatus(status: number): R
  toHaveRedirect(to?: string | RegExp): R
  toSendToast(toast: Partial<Toast>): Promise<R>
}

declare module 'vitest' {
  interface Assertion<T = any> extends CustomMatchers<T> {}
  interface AsymmetricMatchersContaining extends CustomMatchers {}
}
