// Test copies of the shipped workflows: every step that would call Google (Drive, Docs, Gmail nodes, and HTTP
// Request nodes using a Google credential) becomes a Code node with the same name, settings and connections that
// evaluates the original parameters and answers with the fields the real node returns. The doubles keep a small
// fake Drive in the workflow's static data, so "search before create" really finds what an earlier run created.
// They also check their inputs (an empty or "undefined" name fails the step) and fail on purpose when a value
// contains PANNE-GOOGLE, to drive the error branches. A Gmail trigger (the school's inbox) becomes a test webhook
// followed by a Code node of the trigger's name that hands on the posted message exactly as the trigger would.

export type N8nNode = {
  id: string
  name: string
  type: string
  typeVersion: number
  position: [number, number]
  parameters: Record<string, unknown>
  credentials?: Record<string, { id: string; name: string }>
  [setting: string]: unknown
}

export type N8nWorkflow = {
  id: string
  name: string
  active: boolean
  nodes: N8nNode[]
  connections: Record<string, unknown>
  settings?: Record<string, unknown>
  [key: string]: unknown
}

/** Text shared by every double: parameter evaluation, input checks, the fake Drive. */
const PRELUDE = `
const valeur = (v) => {
  if (v && typeof v === 'object' && v.__rl) return valeur(v.value);
  if (typeof v === 'string' && v.startsWith('=')) return $evaluateExpression(v.slice(1), $itemIndex);
  return v;
};
const verifier = (nom, v, { vide = false } = {}) => {
  if (typeof v !== 'string' || (!vide && !v.trim()) || /undefined|\\[object |NaN/.test(v)) {
    throw new Error('Double de test : paramètre « ' + nom + ' » invalide : ' + JSON.stringify(v));
  }
  if (/PANNE-GOOGLE/i.test(v)) throw new Error('Panne Google simulée par le double de test (' + nom + ')');
  return v;
};
const etat = $getWorkflowStaticData('global');
etat.fauxGoogle = etat.fauxGoogle ?? { fichiers: [], emails: [] };
const faux = etat.fauxGoogle;
const nouvelId = (prefixe) => prefixe + 'Test' + Math.random().toString(36).slice(2, 12) + Date.now().toString(36);
const ajouter = (fichier) => { faux.fichiers.push(fichier); return fichier; };
const resume = (f) => ({ kind: 'drive#file', id: f.id, name: f.name, mimeType: f.mimeType });
`

function googleKind(node: N8nNode): string | null {
  const p = node.parameters
  if (node.type === 'n8n-nodes-base.googleDrive') return `drive:${p.resource ?? 'file'}:${p.operation ?? (p.resource === 'folder' ? 'create' : 'upload')}`
  if (node.type === 'n8n-nodes-base.googleDocs') return `docs:${p.operation ?? 'create'}`
  if (node.type === 'n8n-nodes-base.gmail') return `gmail:${p.resource ?? 'message'}:${p.operation ?? 'send'}`
  if (node.type === 'n8n-nodes-base.httpRequest' && String(p.nodeCredentialType ?? '').startsWith('google')) {
    if (String(p.url) === 'https://www.googleapis.com/drive/v3/files' && (p.method ?? 'GET') === 'GET') return 'drive:api:files.list'
    return `http:${String(p.url)}`
  }
  return null
}

/** The body of each double, after PRELUDE; `parametres` holds the original node's parameters. */
const BODIES: Record<string, string> = {
  'drive:folder:create': `
const nom = verifier('name', valeur(parametres.name));
const parent = verifier('folderId', valeur(parametres.folderId));
return { json: resume(ajouter({ id: nouvelId('dossier'), name: nom, mimeType: 'application/vnd.google-apps.folder', parents: [parent] })) };`,

  'drive:file:createFromText': `
const nom = verifier('name', valeur(parametres.name));
const contenu = verifier('content', valeur(parametres.content));
const parent = verifier('folderId', valeur(parametres.folderId));
const mimeType = parametres.options?.convertToGoogleDocument ? 'application/vnd.google-apps.document' : 'text/plain';
return { json: resume(ajouter({ id: nouvelId('doc'), name: nom, mimeType, parents: [parent], contenu })) };`,

  'drive:file:copy': `
const source = verifier('fileId', valeur(parametres.fileId));
const nom = verifier('name', valeur(parametres.name));
const parent = parametres.sameFolder === false ? verifier('folderId', valeur(parametres.folderId)) : 'dossier-du-modele';
return { json: resume(ajouter({ id: nouvelId('doc'), name: nom, mimeType: 'application/vnd.google-apps.document', parents: [parent], copieDe: source, remplacements: {} })) };`,

  'drive:file:download': `
const id = verifier('fileId', valeur(parametres.fileId));
const fichier = faux.fichiers.find((f) => f.id === id);
if (!fichier) throw new Error('Double de test : fichier introuvable ' + id);
if (fichier.remplacements && Object.keys(fichier.remplacements).length === 0) throw new Error('Double de test : export d’un document dont aucune balise n’a été remplacée');
const nom = valeur(parametres.options?.fileName) || fichier.name;
const pdf = Buffer.from('%PDF-1.4\\n% double de test : ' + fichier.name + '\\n' + JSON.stringify(fichier.remplacements) + '\\n%%EOF\\n');
return { json: $json, binary: { data: await helpers.prepareBinaryData(pdf, verifier('fileName', nom), 'application/pdf') } };`,

  'drive:file:upload': `
const champ = valeur(parametres.inputDataFieldName) || 'data';
const binaire = $input.item.binary?.[champ];
if (!binaire) throw new Error('Double de test : pas de fichier binaire « ' + champ + ' » à déposer');
const nom = verifier('name', valeur(parametres.name) || binaire.fileName);
const parent = verifier('folderId', valeur(parametres.folderId));
return { json: resume(ajouter({ id: nouvelId('pdf'), name: nom, mimeType: binaire.mimeType, parents: [parent], taille: binaire.fileSize })) };`,

  'docs:update': `
const id = verifier('documentURL', valeur(parametres.documentURL));
const fichier = faux.fichiers.find((f) => f.id === id);
if (!fichier) throw new Error('Double de test : document introuvable ' + id);
const actions = parametres.actionsUi?.actionFields ?? [];
for (const action of actions) {
  if (action.object !== 'text' || action.action !== 'replaceAll') throw new Error('Double de test : action Docs non simulée ' + action.action);
  const balise = verifier('text', valeur(action.text));
  fichier.remplacements[balise] = verifier('replaceText (' + balise + ')', String(valeur(action.replaceText) ?? ''), { vide: true });
}
return { json: { occurrencesChanged: actions.length, documentId: id } };`,

  'gmail:message:send': `
const destinataire = verifier('sendTo', valeur(parametres.sendTo));
if (!/^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$/.test(destinataire)) throw new Error('Double de test : destinataire invalide ' + destinataire);
const sujet = verifier('subject', valeur(parametres.subject));
const message = verifier('message', valeur(parametres.message));
const id = nouvelId('message');
faux.emails.push({ id, destinataire, sujet, taille: message.length, date: new Date().toISOString() });
faux.emails = faux.emails.slice(-200);
return { json: { id, threadId: id, labelIds: ['SENT'] } };`,

  // Drive API files.list with the few query forms the workflows use: name = '…', '…' in parents, mimeType = '…'.
  'drive:api:files.list': `
const parametresRequete = Object.fromEntries((parametres.queryParameters?.parameters ?? []).map((p) => [p.name, valeur(p.value)]));
const q = verifier('q', parametresRequete.q);
const chaine = "'((?:[^'\\\\\\\\]|\\\\\\\\.)*)'";
const deChaine = (s) => s.replace(/\\\\(.)/g, '$1');
const nom = q.match(new RegExp('name = ' + chaine));
const parent = q.match(new RegExp(chaine + ' in parents'));
const type = q.match(new RegExp('mimeType = ' + chaine));
const files = faux.fichiers
  .filter((f) => !nom || f.name === deChaine(nom[1]))
  .filter((f) => !parent || f.parents.includes(deChaine(parent[1])))
  .filter((f) => !type || f.mimeType === deChaine(type[1]))
  .map((f) => ({ id: f.id, name: f.name, mimeType: f.mimeType }));
return { json: { files } };`,
}

/** Node settings that must survive the swap (error output, retries…); Code nodes accept them all. */
const KEPT_SETTINGS = ['onError', 'retryOnFail', 'maxTries', 'waitBetweenTries', 'alwaysOutputData', 'executeOnce', 'disabled', 'notes']

export function toTestDouble(node: N8nNode): N8nNode | null {
  const kind = googleKind(node)
  if (!kind) return null
  const body = BODIES[kind]
  if (!body) throw new Error(`Pas de double de test pour « ${node.name} » (${kind}) : ajoutez-en un dans tests/n8n-real/doubles.ts`)
  const double: N8nNode = {
    id: node.id,
    name: node.name,
    type: 'n8n-nodes-base.code',
    typeVersion: 2,
    position: node.position,
    parameters: {
      mode: 'runOnceForEachItem',
      jsCode: `// Double de test de « ${kind} » (tests/n8n-real/doubles.ts) : aucun appel à Google.\nconst parametres = ${JSON.stringify(node.parameters)};\n${PRELUDE.trim()}\n${body.trim()}\n`,
    },
  }
  for (const key of KEPT_SETTINGS) if (key in node) double[key] = node[key]
  return double
}

/** Path of the test webhook that stands in for a Gmail trigger (POST a message as the trigger outputs it). */
export function triggerPath(workflow: N8nWorkflow) {
  return `test/${workflow.id}`
}

/** A Gmail trigger's stand-in: a webhook that waits for the end of the run, then a Code node with the trigger's name. */
function triggerDouble(node: N8nNode, path: string): [N8nNode, N8nNode] {
  const hookName = `${node.name} (webhook de test)`
  const hook: N8nNode = {
    id: `${node.id}-test`,
    name: hookName,
    type: 'n8n-nodes-base.webhook',
    typeVersion: 2,
    position: [node.position[0] - 240, node.position[1]],
    webhookId: `${node.id}-webhook-test`,
    // Answers once the run is over (the test then reads the app), whatever branch it ended on.
    parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'noData', options: {} },
  }
  const code: N8nNode = {
    id: node.id,
    name: node.name,
    type: 'n8n-nodes-base.code',
    typeVersion: 2,
    position: node.position,
    parameters: {
      jsCode: `// Double de test du déclencheur Gmail (tests/n8n-real/doubles.ts) : le message posté, tel que le déclencheur le donne.\nreturn [{ json: $('${hookName}').first().json.body }];\n`,
    },
  }
  return [hook, code]
}

/**
 * A copy of `workflow` with its Google steps replaced by doubles; returns the names of the replaced nodes too.
 * The original connections are kept as they are; a trigger's stand-in adds one (test webhook → trigger's name).
 */
export function testCopy(workflow: N8nWorkflow): { workflow: N8nWorkflow; replaced: string[] } {
  const replaced: string[] = []
  const connections = { ...workflow.connections }
  const nodes = workflow.nodes.flatMap((node) => {
    if (node.type === 'n8n-nodes-base.gmailTrigger') {
      replaced.push(node.name)
      const [hook, code] = triggerDouble(node, triggerPath(workflow))
      connections[hook.name] = { main: [[{ node: code.name, type: 'main', index: 0 }]] }
      return [hook, code]
    }
    const double = toTestDouble(node)
    if (!double) return [node]
    replaced.push(node.name)
    return [double]
  })
  return { workflow: { ...workflow, name: `${workflow.name} (copie de test)`, nodes, connections }, replaced }
}

/** Sets values of the workflow's "Paramètres" node (the school's settings), for a test copy. */
export function withSettings(workflow: N8nWorkflow, values: Record<string, string | boolean>): N8nWorkflow {
  const nodes = workflow.nodes.map((node) => {
    if (node.name !== 'Paramètres') return node
    const assignments = (node.parameters.assignments as { assignments: { name: string; value: unknown; type: string }[] }).assignments
    for (const name of Object.keys(values)) {
      if (!assignments.some((a) => a.name === name)) throw new Error(`« Paramètres » de ${workflow.name} n’a pas de valeur ${name}`)
    }
    return {
      ...node,
      parameters: { ...node.parameters, assignments: { assignments: assignments.map((a) => (a.name in values ? { ...a, value: values[a.name] } : a)) } },
    }
  })
  return { ...workflow, nodes }
}
