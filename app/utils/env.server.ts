import { z } from 'zod'

// The only module that reads process.env: everything else imports `env`.
const int = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback)

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: int(3000),
    /**
     * Number of reverse proxies in front of the app (0: clients connect directly). Exactly this many hops of
     * X-Forwarded-For / X-Forwarded-Proto / X-Forwarded-Host are trusted, never more.
     */
    TRUST_PROXY: z
      .string()
      .trim()
      .regex(/^\d{1,2}$/, 'TRUST_PROXY doit être le nombre de proxys devant l’application (0, 1, 2…)')
      .default('0')
      .transform(Number),
    DATABASE_URL: z.string().optional(),
    /** Signs the session, toast and CSRF cookies. Required in production. */
    SESSION_SECRET: z.string().min(16, 'SESSION_SECRET doit faire au moins 16 caractères').optional(),
    /** Public URL of this app, used to build the callback URL given to n8n. */
    APP_URL: z.string().url().optional(),
    /** n8n webhooks base, e.g. https://n8n.ecole.fr/webhook. Unset: the built-in n8n simulator is started. */
    N8N_WEBHOOK_BASE_URL: z.string().url().optional(),
    /** `1`: a demonstration in production, answered by the built-in simulator (every page says so). */
    N8N_SIMULATEUR: z.enum(['0', '1'], { message: 'N8N_SIMULATEUR vaut 1 (démonstration) ou 0' }).optional(),
    N8N_API_KEY: z.string().optional(),
    N8N_API_KEY_HEADER: z.string().default('X-N8N-API-KEY'),
    /** Secret n8n sends back in X-Callback-Secret. */
    N8N_CALLBACK_SECRET: z.string().optional(),
    N8N_TIMEOUT_MS: int(10_000),
    /** The email draft is asked while the admin waits: past this, the school's own templates write it. */
    N8N_REDACTION_TIMEOUT_MS: int(8_000),
    /** Quick retries inside one attempt (the job engine retries later, see ACTION_REPRISE_*). */
    N8N_RETRY_LIMIT: int(1),
    N8N_RETRY_DELAY_MS: int(1000),
    N8N_RETRY_FACTOR: z.coerce.number().positive().default(2),
    N8N_RETRY_AFTER_MAX_MS: int(30_000),
    /** Port of the built-in n8n simulator (0 = any free port). */
    N8N_SIMULATOR_PORT: int(0),
    SSE_HEARTBEAT_MS: int(30_000),
    /** How long an action's POST waits for the end before answering "Action lancée". */
    ACTION_ATTENTE_MS: int(2_000),
    /** First automatic retry after a passing failure (n8n unreachable, timeout, 5xx…), then doubled each time… */
    ACTION_REPRISE_DELAI_MS: int(30_000),
    /** …as long as the incident lasts less than this; then the action fails (journal, notification). */
    ACTION_REPRISE_HORIZON_MS: int(60 * 60_000),
    /** How long an action answered 202 waits for n8n's callback before it fails. */
    ACTION_RAPPEL_ATTENTE_MS: int(30 * 60_000),
    /** Actions run at the same time by this instance. */
    ACTION_WORKERS: z.coerce.number().int().min(1).max(50).default(5),
    /** How often idle workers look for jobs another instance sent or a retry that came due (≥ 500). */
    JOBS_POLLING_MS: z.coerce.number().int().min(500).default(2_000),
    /** Seconds between two heartbeats of this instance in the instances table (/admin/systeme). */
    INSTANCE_HEARTBEAT_MS: int(15_000),
    LOGIN_MAX_ATTEMPTS: int(5),
    LOGIN_WINDOW_MINUTES: int(15),
  })
  .superRefine((value, ctx) => {
    if (value.NODE_ENV === 'production' && !value.SESSION_SECRET) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['SESSION_SECRET'],
        message: 'SESSION_SECRET est obligatoire en production (une chaîne aléatoire d’au moins 16 caractères)',
      })
    }
    // In production a simulated n8n would make every action "succeed" while nothing leaves: only on purpose.
    if (value.NODE_ENV === 'production' && !value.N8N_WEBHOOK_BASE_URL && value.N8N_SIMULATEUR !== '1') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['N8N_WEBHOOK_BASE_URL'],
        message:
          'en production, l’application doit être reliée à n8n : définissez N8N_WEBHOOK_BASE_URL (avec N8N_API_KEY, ' +
          'N8N_CALLBACK_SECRET et APP_URL), ou N8N_SIMULATEUR=1 pour une démonstration où aucun email n’est réellement envoyé',
      })
    }
    // n8n calls back on APP_URL: a default (localhost) would point n8n at itself.
    if (value.N8N_WEBHOOK_BASE_URL && !value.APP_URL) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['APP_URL'],
        message: 'APP_URL est obligatoire avec un vrai n8n : l’adresse publique de l’application, où n8n envoie ses rappels',
      })
    }
    if (value.N8N_WEBHOOK_BASE_URL && (!value.N8N_API_KEY || !value.N8N_CALLBACK_SECRET)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['N8N_API_KEY'],
        message: 'N8N_API_KEY et N8N_CALLBACK_SECRET sont obligatoires quand N8N_WEBHOOK_BASE_URL est défini',
      })
    }
  })

export type Env = z.infer<typeof schema> & { SESSION_SECRET: string; n8nSimulated: boolean }

function load(): Env {
  const parsed = schema.safeParse(process.env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`)
    console.error(`Configuration invalide :\n${lines.join('\n')}`)
    throw new Error(`Configuration invalide : ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`)
  }
  const value = parsed.data
  return {
    ...value,
    // Development and tests only (production requires the variable, see above).
    SESSION_SECRET: value.SESSION_SECRET ?? 'dev-secret-ne-pas-utiliser-en-production',
    n8nSimulated: !value.N8N_WEBHOOK_BASE_URL,
  }
}

export const env: Env = load()
