// npm run load:actions — 50 admins launch prospect actions for 60 s against the n8n simulator (real HTTP, a real
// `node server.js`), then checks: zero 5xx, and every accepted POST has exactly one action row, in a final
// status. Reports throughput and latency. LOAD_CLIENTS, LOAD_SECONDS and LOAD_PROSPECTS change the shape.
import { execFileSync, spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { startN8nSimulator } from '../app/n8n/simulator.server'
import { DEMO_USERS } from '../prisma/seed-data'
import { buildApp, ms, pgAdmin, pgAvailable, pgUrl, printTable, ROOT, saveSummary, stats } from './lib'

const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 50)
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60)
const PROSPECTS = Number(process.env.LOAD_PROSPECTS ?? 3000)
const buildDir = 'tests/.tmp/build-load'

let url: string
let cleanup: () => Promise<void>
const usePg = await pgAvailable()
if (usePg) {
  const name = `load_actions_${Date.now().toString(36)}`
  await pgAdmin(`CREATE DATABASE "${name}"`)
  url = pgUrl(name)
  cleanup = () => pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => {})
} else {
  const dir = path.join(ROOT, 'tests/.tmp', `load-pglite-${Date.now().toString(36)}`)
  url = `pglite:${dir}`
  cleanup = async () => fs.rmSync(dir, { recursive: true, force: true })
}

async function query<T>(sql: string): Promise<T[]> {
  if (usePg) {
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    try {
      return (await c.query(sql)).rows as T[]
    } finally {
      await c.end()
    }
  }
  const db = new PGlite(url.slice('pglite:'.length))
  try {
    return (await db.query<T>(sql)).rows
  } finally {
    await db.close()
  }
}

const port = await new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as net.AddressInfo).port
    s.close(() => resolve(p))
  })
})
const base = `http://127.0.0.1:${port}`
const apiKey = crypto.randomBytes(12).toString('hex')
const callbackSecret = crypto.randomBytes(12).toString('hex')
// n8n's own latency on this kind of machine: 45–90 ms.
const sim = await startN8nSimulator({ apiKey, callbackSecret, latencyMs: 60 })
let server: ReturnType<typeof spawn> | undefined

try {
  console.log(`Base : ${usePg ? 'PostgreSQL' : 'PGlite'} · ${PROSPECTS} prospects · ${CLIENTS} admins · ${SECONDS} s`)
  buildApp(buildDir)
  execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/seed-db.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, BENCH_PROSPECTS: String(PROSPECTS) },
    stdio: 'inherit',
  })
  server = spawn(process.execPath, ['server.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      SESSION_SECRET: 'load-secret-load-secret',
      DATABASE_URL: url,
      BUILD_DIR: buildDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_URL: base,
      N8N_WEBHOOK_BASE_URL: sim.webhookBaseUrl,
      N8N_API_KEY: apiKey,
      N8N_CALLBACK_SECRET: callbackSecret,
      LOGIN_MAX_ATTEMPTS: '1000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  for (let i = 0; ; i++) {
    if (await fetch(`${base}/login`).then((r) => r.ok, () => false)) break
    if (i > 150) throw new Error('le serveur ne démarre pas')
    await new Promise((r) => setTimeout(r, 200))
  }

  const candidates = (await fetch(`${base}/login`), await listFreeProspects())
  async function listFreeProspects() {
    // Read through the app would need pages of HTML; the seed is deterministic: every 6th prospect is a candidate.
    return Array.from({ length: PROSPECTS }, (_, i) => i + 1).filter((n) => n % 6 !== 5).map((n) => `PROS_${String(n).padStart(6, '0')}`)
  }

  type Admin = { cookie: string; csrf: string }
  async function loginAdmin(): Promise<Admin> {
    const login = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: DEMO_USERS.admin.email, motDePasse: DEMO_USERS.admin.password }),
    })
    const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0])
    const page = await fetch(`${base}/admin/prospects`, { headers: { Cookie: cookies.join('; ') } })
    cookies.push(...page.headers.getSetCookie().map((c) => c.split(';')[0]))
    const html = await page.text()
    return { cookie: cookies.join('; '), csrf: html.match(/name="csrf" value="([^"]+)"/)![1] }
  }
  const admins = await Promise.all(Array.from({ length: CLIENTS }, loginAdmin))

  // Each admin converts its own prospects (a conversion happens once per prospect) and sends emails, files and
  // quotes to any.
  const share = Math.floor(candidates.length / CLIENTS)
  let openSessions: Record<string, string> = {}
  {
    const page = await (await fetch(`${base}/admin/prospects/${candidates[0]}/convertir`, { headers: { Cookie: admins[0].cookie } })).text()
    const html = page.slice(page.indexOf('role="dialog"'))
    const formations = new Map([...html.match(/<select[^>]*name="formation"[\s\S]*?<\/select>/)![0].matchAll(/<option[^>]*value="([^"]+)"[^>]*>([^<]+)</g)].map((m) => [m[2].trim(), m[1]]))
    for (const m of html.match(/<select[^>]*name="session"[\s\S]*?<\/select>/)![0].matchAll(/<optgroup label="([^"]+)"[^>]*>\s*<option[^>]*value="([^"]+)"/g)) {
      openSessions[formations.get(m[1])!] = m[2]
    }
  }
  const formationOf = new Map<string, string>()
  const latencies: number[] = []
  const statuses = new Map<number, number>()
  const byPath = new Map<string, number>()
  let accepted = 0
  let debugShown = false
  let posts = 0
  const deadline = Date.now() + SECONDS * 1000

  async function run(admin: Admin, index: number) {
    const mine = candidates.slice(index * share, (index + 1) * share)
    let k = 0
    while (Date.now() < deadline) {
      const prospect = mine[k % mine.length]
      const kind = k % 4
      k++
      let path: string
      const body = new URLSearchParams({ csrf: admin.csrf })
      if (kind === 0 && k / 4 < mine.length) {
        path = 'convertir'
        let formation = formationOf.get(prospect)
        if (!formation) {
          const page = await (await fetch(`${base}/admin/prospects/${prospect}/convertir`, { headers: { Cookie: admin.cookie } })).text()
          // The modal's own form (the list behind it has a formation filter too).
          const html = page.slice(page.indexOf('role="dialog"'))
          formation = html.match(/<select[^>]*name="formation"[\s\S]*?<option[^>]*value="([^"]+)"[^>]*selected/)?.[1] ?? Object.keys(openSessions)[0]
          formationOf.set(prospect, formation)
        }
        body.set('formation', formation)
        body.set('session', openSessions[formation])
      } else if (kind === 1) {
        path = 'envoyer-email'
        body.set('intent', 'relancer')
      } else if (kind === 2) {
        path = 'generer-devis'
      } else {
        path = 'envoyer-dossier'
        body.set('email', `${prospect.toLowerCase()}@exemple.fr`)
      }
      const start = performance.now()
      const res = await fetch(`${base}/admin/prospects/${prospect}/${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: admin.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      })
      const text = await res.text()
      if (res.status === 400 && process.env.LOAD_DEBUG && !debugShown) {
        debugShown = true
        console.log(path, Object.fromEntries(body), text.match(/id="[^"]*-error"[^>]*>[^<]+/g))
      }
      latencies.push(performance.now() - start)
      posts++
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      const key = `${path} ${res.status}`
      byPath.set(key, (byPath.get(key) ?? 0) + 1)
      if (res.status === 302) accepted++
    }
  }
  const started = Date.now()
  await Promise.all(admins.map((a, i) => run(a, i)))
  const elapsed = (Date.now() - started) / 1000
  // Callbacks still on their way (quotes answer 202 and call back).
  await sim.idle()
  await new Promise((r) => setTimeout(r, 1000))
  if (!usePg) {
    server.kill('SIGTERM')
    await new Promise((r) => server!.once('exit', r))
  }
  const byStatus = await query<{ statut: string; n: number }>(`SELECT statut::text, count(*)::int AS n FROM actions_prospect GROUP BY statut`)
  const totalActions = byStatus.reduce((a, r) => a + r.n, 0)
  const notFinal = byStatus.filter((r) => r.statut === 'EN_COURS' || r.statut === 'EN_ATTENTE').reduce((a, r) => a + r.n, 0)
  const fiveXx = [...statuses].filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0)
  const l = stats(latencies)
  printTable('Charge : actions lancées par des admins simultanés', ['mesure', 'valeur'], [
    ['admins simultanés', CLIENTS],
    ['durée', `${elapsed.toFixed(1)} s`],
    ['POST envoyés', posts],
    ['débit', `${(posts / elapsed).toFixed(1)} POST/s`],
    ['statuts HTTP', [...statuses].map(([s, n]) => `${s}×${n}`).join(', ')],
    ['par action', [...byPath].sort().map(([k, n]) => `${k}×${n}`).join(', ')],
    ['réponses 5xx', fiveXx],
    ['latence p50 / p95 / p99', `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)}`],
    ['POST acceptés (302)', accepted],
    ['lignes actions_prospect', totalActions],
    ['actions par statut', byStatus.map((r) => `${r.statut}×${r.n}`).join(', ')],
    ['actions non finales', notFinal],
  ])
  const ok = fiveXx === 0 && totalActions === accepted && notFinal === 0
  await saveSummary('load', [
    { bench: 'load', cas: `${CLIENTS} admins × ${SECONDS} s`, mesure: 'réponses 5xx', valeur: String(fiveXx), cible: '0', atteinte: fiveXx === 0 },
    { bench: 'load', cas: `${CLIENTS} admins × ${SECONDS} s`, mesure: 'une action finale par POST accepté', valeur: `${totalActions}/${accepted}, ${notFinal} non finales`, cible: 'égalité, 0', atteinte: totalActions === accepted && notFinal === 0 },
    { bench: 'load', cas: `${CLIENTS} admins × ${SECONDS} s`, mesure: 'latence p95', valeur: ms(l.p95), cible: '(mesure)', atteinte: null },
  ])
  console.log(ok ? '\nCharge : OK (aucune 5xx, une action finale par POST accepté)' : '\nCharge : ÉCHEC')
  process.exitCode = ok ? 0 : 1
} finally {
  server?.kill('SIGKILL')
  await sim.stop()
  await cleanup()
  fs.rmSync(path.join(ROOT, buildDir), { recursive: true, force: true })
}
process.exit()
