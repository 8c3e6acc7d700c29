import { mkdtempSync, readFileSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../../test/support/fixtures.ts';
import {
  BUNDLED_SPAWNER_CONFIG,
  loadSpawnerConfigFile,
  parseSpawnerConfig,
  SpawnerConfigStore,
} from './spawner-config.ts';

/** The two frontends' sample spawner configs, read from the shared fixtures (not copied here). */
const FIXTURES = {
  'statcan.yaml': fixturePath('statcan/spawner_ui_config.yaml'),
  'upstream-jwa.yaml': fixturePath('upstream-jwa/spawner_ui_config.yaml'),
};

describe('spawner config validation', () => {
  it.each([
    ['bundled sample', BUNDLED_SPAWNER_CONFIG],
    ['StatCan sample', FIXTURES['statcan.yaml']],
    ['upstream sample', FIXTURES['upstream-jwa.yaml']],
  ])('loads the %s without problems', (_label, file) => {
    expect(() => loadSpawnerConfigFile(file)).not.toThrow();
  });

  it('reads enabledCondition label values as strings, as namespace labels are, and keeps other scalars', () => {
    const config = parseSpawnerConfig(
      `
spawnerFormDefaults:
  imageGroupThree:
    value: example/sas:v1
    enabledCondition:
      labels: {state.example/non-employee: false, tier: 2, team: a}
  shm: {value: false}
`,
      'inline.yaml',
    ) as Record<string, any>;
    expect(config.imageGroupThree.enabledCondition.labels).toEqual({
      'state.example/non-employee': 'false',
      tier: '2',
      team: 'a',
    });
    expect(config.shm.value).toBe(false);
  });

  it('keeps camelCase keys inside affinity presets', () => {
    const config = loadSpawnerConfigFile(BUNDLED_SPAWNER_CONFIG) as Record<string, { options: { affinity: object }[] }>;
    expect(Object.keys(config.affinityConfig!.options[0]!.affinity)).toEqual(['nodeAffinity']);
  });

  it('reports every problem with its key path', () => {
    const text = `
spawnerFormDefaults:
  cpu: {value: 'lots', limitFactor: 'zero', limitValue: '-1'}
  memory: {value: '2.0', limitFactor: 0}
  gpus: {value: {num: 'two', vendors: [{uiName: NVIDIA}]}}
  affinityConfig: {value: 'nope', options: [{configKey: a}, {configKey: a}]}
  tolerationGroup: {value: none, options: [{displayName: x}]}
  imagePullPolicy: {value: Sometimes}
  workspaceVolume:
    value: {mount: 'relative/path', newPvc: {metadata: {name: '{notebook-name}_WS'}, spec: {resources: {requests: {storage: 'big'}}}}}
  dataVolumes:
    value:
      - value: {mount: /data, existingSource: {hostPath: {path: /}}}
  shm: {value: 'yes please', readOnly: 'no'}
  unknownKey: {kept: true}
`;
    let problems: string[] = [];
    try {
      parseSpawnerConfig(text, 'bad.yaml');
    } catch (err) {
      problems = (err as { problems: string[] }).problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        "cpu.value: 'lots' is not a positive quantity",
        "cpu.limitValue: '-1' is not a positive quantity",
        'cpu.limitFactor: must be "none" or a positive number, got \'zero\'',
        'memory.limitFactor: must be "none" or a positive number, got \'0\'',
        'gpus.value.vendors[0].limitsKey: required',
        'gpus.value.num: must be "none" or a positive integer, got \'two\'',
        "affinityConfig.options[1].configKey: 'a' is used twice",
        "affinityConfig.value: 'nope' is not one of the option keys",
        'tolerationGroup.options[0].groupKey: required',
        "imagePullPolicy.value: must be Always, IfNotPresent or Never, got 'Sometimes'",
        "workspaceVolume.value.mount: Mount path 'relative/path' must be absolute.",
        "dataVolumes.value[0].value.existingSource.hostPath: Volume source 'hostPath' is not allowed.",
        'shm.value: must be true or false',
        'shm.readOnly: must be true or false',
      ]),
    );
    expect(problems.some((p) => p.startsWith('workspaceVolume.value.newPvc.metadata.name'))).toBe(true);
    expect(problems.some((p) => p.startsWith('workspaceVolume.value.newPvc.spec.resources.requests.storage'))).toBe(
      true,
    );
    expect(problems).toHaveLength(16);
  });

  it('a reload with an invalid file keeps the last good config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spawner-'));
    const file = join(dir, 'spawner_ui_config.yaml');
    writeFileSync(file, readFileSync(BUNDLED_SPAWNER_CONFIG, 'utf8'));
    const store = SpawnerConfigStore.load(file);
    const before = store.current;
    writeFileSync(file, "spawnerFormDefaults:\n  cpu: {value: 'garbage'}\n");
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const problems = store.reload();
    expect(problems).toEqual([`${file}: cpu.value: 'garbage' is not a positive quantity`]);
    expect(store.current).toBe(before);
    writeFileSync(file, "spawnerFormDefaults:\n  cpu: {value: '2'}\n");
    expect(store.reload()).toEqual([]);
    expect(store.current).toEqual({ cpu: { value: '2' } });
    store.close();
  });
});
