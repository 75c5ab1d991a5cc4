import fs from 'node:fs'
import path from 'node:path'
import { adminQuery, buildTemplate, mode, pgUrl, randomName, TMP } from './database'

export default async function setup() {
  fs.mkdirSync(TMP, { recursive: true })
  if (mode === 'pglite') {
    const dir = path.join(TMP, randomName('template'))
    buildTemplate(`pglite:${dir}`)
    process.env.TEST_TEMPLATE = dir
    return () => fs.rmSync(dir, { recursive: true, force: true })
  }
  const name = randomName('tpl_bo')
  await adminQuery(`CREATE DATABASE "${name}"`)
  buildTemplate(pgUrl(name))
  process.env.TEST_TEMPLATE = name
  return async () => {
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  }
}
