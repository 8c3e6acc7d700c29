import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SpawnerConfigSchema } from './config.ts';
import { fixturePath } from '../../../test/support/fixtures.ts';

/** The two frontends' sample spawner configs, read from the shared fixtures (not copied here). */
const FIXTURES = {
  'statcan.yaml': fixturePath('statcan/spawner_ui_config.yaml'),
  'upstream-jwa.yaml': fixturePath('upstream-jwa/spawner_ui_config.yaml'),
};
const BUNDLED = join(import.meta.dirname, '..', '..', '..', 'backend', 'config', 'spawner_ui_config.yaml');

describe('SpawnerConfigSchema', () => {
  it.each([BUNDLED, FIXTURES['statcan.yaml'], FIXTURES['upstream-jwa.yaml']])('accepts %s', (file) => {
    const doc = parse(readFileSync(file, 'utf8'), { version: '1.1' }) as { spawnerFormDefaults: unknown };
    const result = SpawnerConfigSchema.safeParse(doc.spawnerFormDefaults);
    expect(result.error).toBeUndefined();
  });

  it('keeps unknown keys', () => {
    expect(SpawnerConfigSchema.parse({ custom: { x: 1 } })).toEqual({ custom: { x: 1 } });
  });
});
