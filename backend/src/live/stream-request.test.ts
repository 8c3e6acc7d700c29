import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { parseStreamRequest } from './stream-request.ts';

describe('parseStreamRequest', () => {
  it('follows every list by default and takes Last-Event-ID from the header before the query', () => {
    expect(parseStreamRequest({}, undefined)).toEqual({
      kinds: ['notebooks', 'pvcs', 'poddefaults'],
      object: undefined,
      lastEventId: undefined,
    });
    expect(parseStreamRequest({ lastEventId: 'q.1' }, 'h.2').lastEventId).toBe('h.2');
    expect(parseStreamRequest({ lastEventId: 'q.1' }, undefined).lastEventId).toBe('q.1');
  });

  it('reads the kinds in the list order and the object of a details page', () => {
    expect(parseStreamRequest({ kinds: 'poddefaults, notebooks', pvc: 'data' }, undefined)).toEqual({
      kinds: ['notebooks', 'poddefaults'],
      object: { kind: 'PersistentVolumeClaim', name: 'data' },
      lastEventId: undefined,
    });
    expect(parseStreamRequest({ notebook: 'nb-1' }, undefined).object).toEqual({ kind: 'Notebook', name: 'nb-1' });
  });

  it('lists every problem in one 400', () => {
    let error: unknown;
    try {
      parseStreamRequest({ kinds: 'pods', notebook: 'Not_A_Name', pvc: 'x' }, undefined);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('invalid');
    expect((error as AppError).fieldErrors.map((e) => e.field)).toEqual(['kinds', 'notebook', 'pvc']);
    expect(() => parseStreamRequest({ kinds: ',' }, undefined)).toThrow(AppError);
  });
});
