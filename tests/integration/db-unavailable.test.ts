import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { allowConsoleError, BASE } from '../utils/helpers'

// A fresh module graph whose database is a closed port: what the app does when its database goes away.
const g = globalThis as unknown as { __db?: unknown }
let saved: { db: unknown; url: string | undefined }

beforeAll(() => {
  saved = { db: g.__db, url: process.env.DATABASE_URL }
  delete g.__db
  process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:1/injoignable'
  vi.resetModules()
})
afterAll(() => {
  g.__db = saved.db
  process.env.DATABASE_URL = saved.url
})

describe('base de données injoignable', () => {
  it('répond 503 avec un message clair en français, sans trace technique', async () => {
    allowConsoleError(/base de données injoignable/)
    const { loader } = await import('~/routes/admin.prospects')
    const { sessionCookie } = await import('~/auth/session.server')
    const cookie = (await sessionCookie.serialize('une-session')).split(';')[0]
    const request = new Request(`${BASE}/admin/prospects`, { headers: { Cookie: cookie } })
    let thrown: unknown
    try {
      await loader({ request, params: {}, context: {} })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(Response)
    const response = thrown as Response
    expect(response.status).toBe(503)
    const text = await response.text()
    expect(text).toBe('La base de données est momentanément indisponible. Réessayez dans quelques instants.')
  })
})
