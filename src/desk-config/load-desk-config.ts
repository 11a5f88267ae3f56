import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../config.ts';
import { type DeskConfig, deskConfigSchema } from './desk-config-schema.ts';

export function parseDeskConfig(text: string, origin: string): DeskConfig {
  let raw: unknown;
  try {
    raw = origin.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${origin} is not valid ${origin.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
  const result = deskConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(top level)'}: ${i.message}`);
  throw new ConfigError(`The desk configuration ${origin} is not valid:\n${lines.join('\n')}`);
}

export async function loadDeskConfig(path: string): Promise<DeskConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ConfigError(`DESK_CONFIG points at ${path}, which cannot be read. Copy config/desk.example.yaml and set DESK_CONFIG to its path.`);
  }
  return parseDeskConfig(text, path);
}
