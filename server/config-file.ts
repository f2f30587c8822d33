import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/**
 * A configuration document read the one way every replaceable setting is: inline JSON (`json`,
 * from its environment variable), else a file (`file`), else what ships with the server, then
 * checked against `schema`. `where` names the source in every problem, so an operator reads
 * "QUEUE_PROFILES: profiles.0.id: …" and knows which setting to fix.
 */
export function readConfigDocument<S extends z.ZodType>(
  source: { json?: string | undefined; file?: string | undefined },
  names: { variable: string; shippedPath: string },
  shipped: unknown,
  schema: S,
): { ok: true; value: z.output<S>; where: string } | { ok: false; problems: string[] } {
  const where = source.json ? names.variable : (source.file ?? names.shippedPath);
  let raw: unknown = shipped;
  try {
    if (source.json) raw = JSON.parse(source.json);
    else if (source.file) raw = JSON.parse(readFileSync(source.file, 'utf8'));
  } catch (err) {
    return { ok: false, problems: [`${where}: ${(err as Error).message}`] };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${where}: ${i.path.join('.')}: ${i.message}`),
    };
  }
  return { ok: true, value: parsed.data, where };
}
