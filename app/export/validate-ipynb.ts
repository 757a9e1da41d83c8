// Validates a notebook against the nbformat 4.5 JSON schema (tests only: the
// app itself never loads ajv). The schema is draft-04; ajv's default draft
// reads every keyword it uses the same way, so only `$schema` is dropped.
import { Ajv } from 'ajv';
import schema from './nbformat.v4.5.schema.json' with { type: 'json' };

export function ipynbErrors(notebook: unknown): string[] {
  const { $schema: _draft, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validate = ajv.compile(rest);
  if (validate(notebook)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
