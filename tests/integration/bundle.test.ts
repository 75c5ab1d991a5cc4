// The production server bundle: what `node server.js` loads at start. The n8n simulator is not in it; it is a
// separate file loaded only when the app runs without N8N_WEBHOOK_BASE_URL. Needs the build (npm test builds first).
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../setup/database'

const serverDir = path.join(ROOT, process.env.BUILD_DIR ?? 'build', 'server')

/** index.js and every file it imports statically, transitively (dynamic import() calls are not followed). */
function staticClosure(entry: string) {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const text = fs.readFileSync(file, 'utf8')
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*"(\.{1,2}\/[^"]+)"|(?:^|\n)\s*import\s*"(\.{1,2}\/[^"]+)"/g)) {
      visit(path.resolve(path.dirname(file), m[1] ?? m[2]))
    }
  }
  visit(entry)
  return [...seen]
}

describe('bundle serveur de production', () => {
  it('ne contient pas le simulateur n8n, chargé seulement à la demande', () => {
    const files = staticClosure(path.join(serverDir, 'index.js'))
    expect(files.length).toBeGreaterThan(1)
    for (const file of files) expect(fs.readFileSync(file, 'utf8'), path.relative(ROOT, file)).not.toMatch(/callbackDuplicated|Authorization data is wrong/)
    const simulator = fs.readdirSync(path.join(serverDir, 'assets')).filter((f) => f.startsWith('simulator.server'))
    expect(simulator).toHaveLength(1)
    expect(fs.readFileSync(path.join(serverDir, 'assets', simulator[0]), 'utf8')).toMatch(/Authorization data is wrong/)
  })
})
