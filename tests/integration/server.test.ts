// The real production server (node server.js on the build in ./build) probed over sockets: what only a real server
// shows — slow clients cut, a chunked body too large answered rather than dropped, the client address and HTTPS
// taken from exactly TRUST_PROXY hops — and the configuration it refuses to start with.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_USERS } from '../../prisma/seed-data'
import { randomName, ROOT, TMP } from '../setup/database'
import { startInstance, stopInstance, type Instance } from '../utils/sse-server'

const BUILD_DIR = process.env.BUILD_DIR ?? 'build'

/** A copy of the run's template (PGlite belongs to one process), or the test file's own PostgreSQL database. */
function ownDatabase(cleanups: (() => void)[]) {
  if (process.env.TEST_DB === 'postgres') return process.env.DATABASE_URL!
  const dir = path.join(TMP, randomName('db_srv'))
  fs.cpSync(process.env.TEST_TEMPLATE!, dir, { recursive: true })
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  return `pglite:${dir}`
}

/** Runs `node server.js` with `env` until it exits (or `timeoutMs`); returns its code and output. */
function runServer(env: Record<string, string>, timeoutMs = 20_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['server.js'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, BUILD_DIR, HOST: '127.0.0.1', PORT: '0', ...env } as unknown as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

/** Opens a raw connection, writes `head`, then one byte of `trickle` every 2 s; resolves when the server cuts it. */
function trickle(url: string, head: string, bytes: string) {
  const { port, hostname } = new URL(url)
  return new Promise<{ afterMs: number; answer: string }>((resolve) => {
    const start = Date.now()
    const socket = net.connect(Number(port), hostname)
    let answer = ''
    let i = 0
    const timer = setInterval(() => {
      if (!socket.destroyed && i < bytes.length) socket.write(bytes[i++])
    }, 2_000)
    socket.on('data', (d) => (answer += d))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearInterval(timer)
      resolve({ afterMs: Date.now() - start, answer })
    })
    socket.write(head)
  })
}

describe('le serveur de production (node server.js)', () => {
  let instance: Instance | undefined
  const cleanups: (() => void)[] = []

  beforeAll(async () => {
    instance = await startInstance({ buildDir: BUILD_DIR, env: { DATABASE_URL: ownDatabase(cleanups), TRUST_PROXY: '1' } })
  }, 60_000)

  afterAll(async () => {
    await stopInstance(instance)
    for (const cleanup of cleanups) cleanup()
  })

  it('coupe en moins de 30 s un client qui envoie ses en-têtes ou son corps au compte-gouttes (un octet toutes les 2 s)', async () => {
    const url = instance!.url
    const headers = 'POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 400\r\n\r\n'
    const [slowHeaders, slowBody] = await Promise.all([trickle(url, 'G', `ET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Lent: ${'a'.repeat(40)}`), trickle(url, headers, 'x'.repeat(400))])
    for (const cut of [slowHeaders, slowBody]) {
      expect(cut.afterMs).toBeLessThan(30_000)
      expect(cut.answer).toMatch(/^HTTP\/1\.1 408/)
    }
  }, 45_000)

  it('répond 413 à un rappel de plus de 64 Ko envoyé par morceaux sans Content-Length (pas une connexion coupée)', async () => {
    const { port } = new URL(instance!.url)
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/n8n/actions/00000000-0000-0000-0000-000000000000', headers: { 'Content-Type': 'application/json' } })
      req.on('response', (res) => {
        let body = ''
        res.on('data', (d) => (body += d))
        res.on('end', () => resolve({ status: res.statusCode!, body }))
      })
      req.on('error', reject)
      const chunk = Buffer.alloc(8 * 1024, 'a')
      let sent = 0
      const write = () => {
        while (sent < 20) {
          sent++
          if (!req.write(chunk)) return void req.once('drain', write)
        }
        req.end()
      }
      write()
    })
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body)).toEqual({ erreur: 'Envoi trop volumineux : 64 Ko au plus. Rien n’a été enregistré.' })
  })

  it('derrière TRUST_PROXY=1, seule l’adresse ajoutée par le proxy compte : changer le X-Forwarded-For de gauche ne contourne pas la limite', async () => {
    const attempt = (fake: string) =>
      fetch(`${instance!.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': `${fake}, 203.0.113.99` },
        body: new URLSearchParams({ email: `personne${fake}@exemple.fr`, motDePasse: 'faux' }),
      })
    for (let i = 0; i < 5; i++) expect((await attempt(`10.99.0.${i}`)).status).toBe(400)
    const sixth = await attempt('10.99.0.200')
    expect(sixth.status).toBe(429)
    expect(Number(sixth.headers.get('Retry-After'))).toBeGreaterThan(0)
    // The proxy's own peer (here 127.0.0.1) is not the client either: a request through another client address passes.
    const other = await fetch(`${instance!.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': '203.0.113.100' },
      body: new URLSearchParams({ email: DEMO_USERS.eleve.email, motDePasse: DEMO_USERS.eleve.password }),
    })
    expect(other.status).toBe(302)
  })

  it('en HTTPS derrière le proxy de confiance (X-Forwarded-Proto: https), les réponses portent Strict-Transport-Security ; pas en HTTP', async () => {
    const secure = await fetch(`${instance!.url}/login`, { headers: { 'X-Forwarded-Proto': 'https' } })
    expect(secure.headers.get('Strict-Transport-Security')).toMatch(/^max-age=\d{7,}/)
    const plain = await fetch(`${instance!.url}/login`)
    expect(plain.headers.get('Strict-Transport-Security')).toBeNull()
  })

  it('répond 413 à un formulaire de 10 Mo sans le lire', async () => {
    const response = await fetch(`${instance!.url}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
      body: `email=a%40b.fr&motDePasse=${'x'.repeat(10 * 1024 * 1024)}`,
    }).catch((error: Error) => error)
    // Undici may still be sending when the answer comes back: the answer is what matters.
    if (response instanceof Error) throw response
    expect(response.status).toBe(413)
    expect(await response.text()).toContain('Envoi trop volumineux')
  })
})

describe('configuration refusée au démarrage', () => {
  const secret = { SESSION_SECRET: 'secret-de-test-assez-long' }

  it('en production sans n8n, le serveur refuse de démarrer et dit pourquoi en français', async () => {
    const { code, output } = await runServer({ NODE_ENV: 'production', ...secret })
    expect(code).toBe(1)
    expect(output).toContain('en production, l’application doit être reliée à n8n')
    expect(output).toContain('N8N_SIMULATEUR=1')
    expect(output).not.toMatch(/^\s+at /m)
  })

  it('avec un vrai n8n, APP_URL est obligatoire', async () => {
    const { code, output } = await runServer({ NODE_ENV: 'production', ...secret, N8N_WEBHOOK_BASE_URL: 'http://127.0.0.1:9/webhook', N8N_API_KEY: 'cle', N8N_CALLBACK_SECRET: 'secret' })
    expect(code).toBe(1)
    expect(output).toContain('APP_URL est obligatoire avec un vrai n8n')
  })

  it('TRUST_PROXY doit être un nombre de proxys', async () => {
    const { code, output } = await runServer({ TRUST_PROXY: 'true' })
    expect(code).toBe(1)
    expect(output).toContain('TRUST_PROXY doit être le nombre de proxys')
  })

  it('avec N8N_SIMULATEUR=1, la démonstration démarre et chaque page le dit en clair', async () => {
    const cleanups: (() => void)[] = []
    const demo = await startInstance({ buildDir: BUILD_DIR, env: { DATABASE_URL: ownDatabase(cleanups), NODE_ENV: 'production', N8N_SIMULATEUR: '1', ...secret } })
    try {
      for (const page of ['/login', '/page-inconnue']) {
        const html = await (await fetch(`${demo.url}${page}`, { headers: { Accept: 'text/html' } })).text()
        expect(html, page).toContain('Mode démonstration : aucun email n’est réellement envoyé')
      }
    } finally {
      await stopInstance(demo)
      for (const cleanup of cleanups) cleanup()
    }
  }, 60_000)
})
