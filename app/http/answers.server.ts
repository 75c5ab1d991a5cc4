// The answers the edge gives by itself (refused requests): a small French page with the usual security headers for
// a browser, JSON for machine callers, plain text otherwise. No script, no stack trace, no internal route id.
import crypto from 'node:crypto'
import { securityHeaders } from '~/utils/security-headers.server'
import { titleFor } from '~/utils/status-titles'

export type AnswerFormat = 'html' | 'json' | 'text'

export function formatFor(request: Request, json: boolean): AnswerFormat {
  if (json) return 'json'
  return (request.headers.get('Accept') ?? '').includes('text/html') ? 'html' : 'text'
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

function page(status: number, message: string) {
  const title = titleFor(status)
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Back-office</title>
<style>
body{margin:0;font-family:system-ui,sans-serif;background:#fafaf9;color:#1c1917}
main{max-width:32rem;margin:6rem auto;padding:2rem;background:#fff;border:1px solid #e7e5e4;border-radius:.5rem;text-align:center}
h1{font-size:1.25rem}p{color:#57534e}a{display:inline-block;margin-top:1rem;color:#1c1917}
</style>
</head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><a href="/">Retour à l’accueil</a></main></body>
</html>`
}

export function edgeAnswer(status: number, message: string, format: AnswerFormat, extraHeaders: Record<string, string> = {}) {
  const headers = new Headers(extraHeaders)
  headers.set('Cache-Control', 'no-store')
  if (format === 'html') {
    for (const [k, v] of Object.entries(securityHeaders(crypto.randomBytes(16).toString('base64'), false))) headers.set(k, v)
    headers.set('Content-Type', 'text/html; charset=utf-8')
    return new Response(page(status, message), { status, headers })
  }
  if (format === 'json') return Response.json({ erreur: message }, { status, headers })
  headers.set('Content-Type', 'text/plain; charset=utf-8')
  return new Response(message, { status, headers })
}
