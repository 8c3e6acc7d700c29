import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpawnerConfigFile } from '../../backend/src/config/spawner-config.ts';
import { SPAWNER_PRESETS, type SpawnerPreset } from '../../backend/src/config/spawner-presets.ts';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { testNamespace } from '../support/cluster.ts';
import {
  statcanCreateForm,
  statcanEditForm,
  upstreamCreateForm,
  type Config,
  type FormResult,
} from '../support/frontend-forms.ts';

const ALICE = 'alice@example.com';

/** Each frontend's forms read the preset from GET /api/config, submit, and the real API server accepts. */
describe.each([
  ['upstream', 'the upstream JWA create form'],
  ['statcan', 'the StatCan (main) create form, with and without a GPU'],
  ['statcan-aaw2', 'the StatCan aaw2.0 create form (with and without a GPU) and its edit form'],
] as [SpawnerPreset, string][])('preset %s suits %s', (preset) => {
  let t: TestApp;
  let ns: string;
  let config: Config;
  const post = (url: string, payload: object) => requestAs(t.app, ALICE, { method: 'POST', url, payload });

  beforeAll(async () => {
    t = await startTestApp({ args: ['-spawner-preset', preset] });
    ns = await testNamespace(`preset-${preset.replace('-', '')}`);
    const res = await requestAs(t.app, ALICE, { url: '/api/config' });
    expect(res.statusCode).toBe(200);
    config = res.json().config;
    expect(config).toEqual(loadConfig(SPAWNER_PRESETS[preset]));
  });
  afterAll(async () => t.close());

  async function create(form: FormResult): Promise<void> {
    expect(form.problems).toEqual([]);
    const res = await post(`/api/namespaces/${ns}/notebooks`, { ...form.body, namespace: ns });
    expect(res.statusCode, res.body).toBe(200);
  }

  if (preset === 'upstream') {
    it('the form fills every field and its body creates the notebook', async () => {
      await create(upstreamCreateForm(config, 'up-nb'));
    });
    return;
  }

  const variant = preset === 'statcan' ? 'main' : 'aaw2';
  it('the form fills every field (unitless memory, limitValue) and its body creates the notebook', async () => {
    // The non-localized build posts Angular's LOCALE_ID, the localized ones their own code.
    const form = statcanCreateForm(config, 'sc-nb', { variant, language: 'en-US' });
    await create(form);
    expect(form.body).toMatchObject({
      cpuLimit: expect.stringMatching(/^\d/),
      memory: expect.stringMatching(/^\d+(\.\d+)?Gi$/),
    });
  });

  it('choosing a GPU switches to the gpuDefaults, which the form accepts and the server creates', async () => {
    await create(statcanCreateForm(config, 'sc-gpu', { variant, gpu: true, language: 'fr' }));
  });

  if (preset === 'statcan-aaw2') {
    it('the edit form of a notebook created with it can be submitted', async () => {
      await create(statcanCreateForm(config, 'sc-edit', { variant, language: 'en' }));
      const nb = (await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/notebooks/sc-edit` })).json().notebook;
      const edit = statcanEditForm(config, nb);
      expect(edit.problems).toEqual([]);
      expect(edit.body.workspace.existingSource.persistentVolumeClaim.claimName).toBe('sc-edit-workspace');
      const res = await post(`/api/namespaces/${ns}/notebooks/sc-edit`, edit.body);
      expect(res.statusCode, res.body).toBe(200);
    });
  }
});

describe('the form models catch the configs that leave a frontend stuck', () => {
  const upstream = (): Config => loadConfig(SPAWNER_PRESETS.upstream);

  it('the upstream preset leaves the StatCan form without limits and with a memory it refuses', () => {
    const { problems } = statcanCreateForm(upstream(), 'x', { variant: 'main', language: 'en' });
    expect(problems).toEqual(
      expect.arrayContaining([
        'cpu.limitValue: missing, so cpuLimit stays empty and LAUNCH is disabled',
        "memory.value: '1.0Gi' is not a plain number (memory is in Gi, without a unit)",
        'memory.limitValue: missing, so memoryLimit stays empty and LAUNCH is disabled',
      ]),
    );
  });

  it('without gpuDefault or imageSas the aaw2.0 form has gaps', () => {
    const config = loadConfig(SPAWNER_PRESETS['statcan-aaw2']);
    delete config.cpu.gpuDefault;
    delete config.imageSas;
    expect(statcanCreateForm(config, 'x', { variant: 'aaw2', gpu: true, language: 'en' }).problems).toEqual(
      expect.arrayContaining([
        'cpu.gpuDefault: missing, so cpu stays empty and LAUNCH is disabled',
        'imageSas.value: missing, so the SAS server type has no image',
      ]),
    );
  });

  describe('shared memory on makes the aaw2.0 edit form impossible to submit', () => {
    let t: TestApp;
    let ns: string;
    beforeAll(async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'aaw2-shm-')), 'spawner_ui_config.yaml');
      writeFileSync(
        file,
        readFileSync(SPAWNER_PRESETS['statcan-aaw2'], 'utf8').replace(
          /(\n {2}shm:\n(?: {4}#.*\n)*) {4}value: false/,
          '$1    value: true',
        ),
      );
      t = await startTestApp({ spawnerConfigFile: file });
      ns = await testNamespace('preset-shm');
    });
    afterAll(async () => t.close());

    it('the dshm mount becomes a data volume at /dev/shm, which the edit form refuses', async () => {
      const config = (await requestAs(t.app, ALICE, { url: '/api/config' })).json().config;
      expect(config.shm.value).toBe(true);
      const form = statcanCreateForm(config, 'shm-nb', { variant: 'aaw2', language: 'en' });
      const created = await requestAs(t.app, ALICE, {
        method: 'POST',
        url: `/api/namespaces/${ns}/notebooks`,
        payload: { ...form.body, namespace: ns },
      });
      expect(created.statusCode, created.body).toBe(200);
      const nb = (await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/notebooks/shm-nb` })).json().notebook;
      expect(statcanEditForm(config, nb).problems).toEqual([
        "datavols[0].mount: '/dev/shm' is refused by the form's mount validator",
      ]);
    });
  });
});

/** A preset as GET /api/config returns it: the object our loader read, unchanged. */
function loadConfig(file: string): Config {
  return loadSpawnerConfigFile(file) as Config;
}
