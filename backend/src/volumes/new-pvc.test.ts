import { describe, expect, it } from 'vitest';
import { buildPvc, parseNewPvc } from './new-pvc.ts';

const valid = { name: 'data', type: 'empty', size: '10Gi', class: 'standard', mode: 'ReadWriteOnce' };

describe('parseNewPvc', () => {
  it('accepts the upstream form and its class tokens', () => {
    expect(parseNewPvc(valid, 'ns')).toEqual({
      ok: true,
      pvc: { name: 'data', size: '10Gi', mode: 'ReadWriteOnce', storageClassName: 'standard' },
    });
    const none = parseNewPvc({ ...valid, class: '{none}' }, 'ns');
    expect(none.ok && none.pvc.storageClassName).toBe('');
    const empty = parseNewPvc({ ...valid, class: '{empty}', namespace: 'ns', size: 5 }, 'ns');
    expect(empty.ok && empty.pvc).toEqual({
      name: 'data',
      size: '5Gi',
      mode: 'ReadWriteOnce',
      storageClassName: undefined,
    });
    const decimal = parseNewPvc({ ...valid, size: '1.5' }, 'ns');
    expect(decimal.ok && decimal.pvc.size).toBe('1.5Gi');
  });

  it('lists every problem', () => {
    const result = parseNewPvc({ namespace: 'other', size: '0', mode: 'ReadWriteSometimes', class: 7 }, 'ns');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual(['name', 'namespace', 'type', 'size', 'mode', 'class']);
  });

  it('refuses a non-object body and a null namespace is absent', () => {
    expect(parseNewPvc([1], 'ns')).toEqual({
      ok: false,
      errors: [{ field: '', message: 'Request body must be a JSON object.' }],
    });
    expect(parseNewPvc({ ...valid, namespace: null }, 'ns').ok).toBe(true);
    expect(parseNewPvc({ ...valid, name: 'x'.repeat(254) }, 'ns').ok).toBe(false);
  });
});

describe('buildPvc', () => {
  it('omits storageClassName for the cluster default and keeps "" for no class', () => {
    const base = { name: 'data', size: '1Gi', mode: 'ReadWriteMany' };
    expect(buildPvc('ns', { ...base, storageClassName: undefined }).spec).toEqual({
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: '1Gi' } },
    });
    expect(buildPvc('ns', { ...base, storageClassName: '' }).spec?.storageClassName).toBe('');
    expect(buildPvc('ns', { ...base, storageClassName: undefined }).metadata).toEqual({
      name: 'data',
      namespace: 'ns',
    });
  });
});
