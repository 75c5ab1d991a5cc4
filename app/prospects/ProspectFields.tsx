// The fields of the "Nouveau prospect" and "Modifier" forms (Conform): a label above each field, its error under
// it in a reserved line, two columns from tablet width, one on a phone.
import { getInputProps, getSelectProps, type FieldMetadata } from '@conform-to/react'
import { FINANCEMENTS, financementLabels, SOURCES, sourceLabels } from './labels'

type Field = FieldMetadata<string | undefined>

export function TextField({ field, label, type = 'text', hint, autoComplete, className = '' }: {
  field: Field
  label: string
  type?: 'text' | 'email' | 'tel'
  hint?: string
  autoComplete?: string
  className?: string
}) {
  const hintId = `${field.id}-aide`
  return (
    <div className={className}>
      <label htmlFor={field.id} className="label">
        {label}
        {hint ? (
          <span id={hintId} className="font-normal text-stone-500">
            {' '}
            {hint}
          </span>
        ) : null}
      </label>
      <input {...getInputProps(field, { type, ariaDescribedBy: hint ? hintId : undefined })} autoComplete={autoComplete} className="input" />
      <p id={field.errorId} className="field-error">
        {field.errors?.join(' ')}
      </p>
    </div>
  )
}

export function SelectField({ field, label, options, empty, className = '' }: {
  field: Field
  label: string
  options: readonly { value: string; label: string }[]
  empty: string
  className?: string
}) {
  return (
    <div className={className}>
      <label htmlFor={field.id} className="label">
        {label}
      </label>
      <select {...getSelectProps(field)} className="input">
        <option value="">{empty}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <p id={field.errorId} className="field-error">
        {field.errors?.join(' ')}
      </p>
    </div>
  )
}

type IdentityFields = {
  nom: Field
  prenom: Field
  email: Field
  telephone: Field
  adresse: Field
  codePostal: Field
  ville: Field
  formation: Field
  modeFinancement: Field
  source: Field
  sourcePrecision: Field
}

/** Name, contact, address, wish and origin: the part both forms share. `extra` slots in after the phone. */
export function ProspectFields({ fields, formations, extra }: { fields: IdentityFields; formations: { id: string; nom: string }[]; extra?: React.ReactNode }) {
  return (
    <div className="grid gap-x-4 sm:grid-cols-2">
      <TextField field={fields.prenom} label="Prénom" autoComplete="off" />
      <TextField field={fields.nom} label="Nom" autoComplete="off" />
      <TextField field={fields.email} label="Email" type="email" autoComplete="off" />
      <TextField field={fields.telephone} label="Téléphone" type="tel" autoComplete="off" />
      <p className="-mt-1 mb-2 text-xs text-stone-600 sm:col-span-2">Au moins un email ou un téléphone.</p>
      {extra}
      <TextField field={fields.adresse} label="Adresse" hint="(facultatif)" className="sm:col-span-2" autoComplete="off" />
      <TextField field={fields.codePostal} label="Code postal" hint="(facultatif)" autoComplete="off" />
      <TextField field={fields.ville} label="Ville" hint="(facultatif)" autoComplete="off" />
      <SelectField field={fields.formation} label="Formation souhaitée" empty="Pas encore choisie" options={formations.map((f) => ({ value: f.id, label: f.nom }))} />
      <SelectField field={fields.modeFinancement} label="Financement" empty="Inconnu" options={FINANCEMENTS.map((f) => ({ value: f, label: financementLabels[f] }))} />
      <SelectField field={fields.source} label="Comment nous a-t-il connus ?" empty="Non renseigné" options={SOURCES.map((s) => ({ value: s, label: sourceLabels[s] }))} />
      <TextField field={fields.sourcePrecision} label="Précision" hint="(ex. « Salon de Lyon »)" autoComplete="off" />
    </div>
  )
}
