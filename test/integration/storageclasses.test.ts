import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { clientAs } from '../support/cluster.ts';

const SC_PATH = '/apis/storage.k8s.io/v1/storageclasses';

describe('storage class routes (public)', () => {
  let t: TestApp;
  const admin = clientAs('admin');

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    for (const name of ['zz-fast', 'aa-newer-default']) await admin.call('DELETE', `${SC_PATH}/${name}`);
    await admin.close();
    await t.close();
  });

  const storageClass = (name: string, annotations: Record<string, string> = {}) =>
    admin.must('POST', SC_PATH, {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name, annotations },
      provisioner: 'sandbox.jupyter-apis.local/none',
    });

  it('lists the classes sorted and names the default, without a user', async () => {
    await storageClass('zz-fast', { 'storageclass.kubernetes.io/is-default-class': 'false' });
    const list = await requestAs(t.app, null, { url: '/api/storageclasses' });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ success: true, user: null });
    const names = list.json().storageClasses as string[];
    expect(names).toEqual(expect.arrayContaining(['standard', 'zz-fast']));
    expect(names).toEqual([...names].sort());
    const def = await requestAs(t.app, null, { url: '/api/storageclasses/default' });
    expect(def.json().defaultStorageClass).toBe('standard');
  });

  it('takes the newest of several defaults, with the beta annotation too', async () => {
    // Creation timestamps have second precision: make sure the new class is strictly newer.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await storageClass('aa-newer-default', { 'storageclass.beta.kubernetes.io/is-default-class': 'true' });
    try {
      const def = await requestAs(t.app, 'alice@example.com', { url: '/api/storageclasses/default' });
      expect(def.statusCode).toBe(200);
      expect(def.json().defaultStorageClass).toBe('aa-newer-default');
    } finally {
      await admin.must('DELETE', `${SC_PATH}/aa-newer-default`);
    }
    const after = await requestAs(t.app, null, { url: '/api/storageclasses/default' });
    expect(after.json().defaultStorageClass).toBe('standard');
  });
});
