import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SpawnerConfigSchema } from './config.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'spawner-configs');
const BUNDLED = join(import.meta.dirname, '..', '..', '..', 'backend', 'config', 'spawner_ui_config.yaml');

describe('SpawnerConfigSchema', () => {
  it.each([BUNDLED, join(FIXTURES, 'statcan.yaml'), join(FIXTURES, 'upstream-jwa.yaml')])('accepts %s', (file) => {
    const doc = parse(readFileSync(file, 'utf8'), { version: '1.1' }) as { spawnerFormDefaults: unknown };
    const result = SpawnerConfigSchema.safeParse(doc.spawnerFormDefaults);
    expect(result.error).toBeUndefined();
  });

  it('keeps unknown keys', () => {
    expect(SpawnerConfigSchema.parse({ custom: { x: 1 } })).toEqual({ custom: { x: 1 } });
  });
});
