import { describe, expect, it } from 'vitest';
import { notebookActions, optimisticStatus, statusIcon, statusText } from './notebook-status.ts';

describe('statusIcon', () => {
  it('maps every phase of ui.md §2.4', () => {
    expect(statusIcon('ready')).toBe('check');
    expect(statusIcon('waiting')).toBe('spinner');
    expect(statusIcon('terminating')).toBe('spinner');
    expect(statusIcon('uninitialized')).toBe('spinner');
    expect(statusIcon('stopped')).toBe('stop');
    expect(statusIcon('warning')).toBe('warning');
    expect(statusIcon('error')).toBe('error');
    expect(statusIcon('unavailable')).toBe('clock');
    expect(statusIcon('attached')).toBe('link');
    expect(statusIcon('unattached')).toBe('unlink');
  });
});

describe('statusText', () => {
  it('translates known keys, prefixes error keys, and falls back to the message', () => {
    expect(statusText({ phase: 'ready', key: 'running', message: 'Running' })).toEqual({
      kind: 'key',
      key: 'status.running',
    });
    expect(statusText({ phase: 'warning', key: 'errorEvent', message: 'Back-off pulling image' })).toEqual({
      kind: 'prefixed',
      key: 'status.errorEvent',
      message: 'Back-off pulling image',
    });
    expect(statusText({ phase: 'warning', message: 'Warning' })).toEqual({ kind: 'raw', message: 'Warning' });
    expect(statusText({ phase: 'warning', key: 'somethingNew', message: 'x' })).toEqual({ kind: 'raw', message: 'x' });
  });
});

describe('optimistic statuses and actions', () => {
  it('uses the placeholders of status.md §1.3', () => {
    expect(optimisticStatus('start')).toMatchObject({ phase: 'waiting', message: 'Starting the Notebook Server.' });
    expect(optimisticStatus('stop')).toMatchObject({
      phase: 'waiting',
      message: 'Preparing to stop the Notebook Server.',
    });
    expect(optimisticStatus('delete')).toMatchObject({
      phase: 'terminating',
      message: 'Preparing to delete the Notebook.',
    });
  });
  it('enables actions by phase', () => {
    expect(notebookActions('ready')).toEqual({
      canConnect: true,
      showStart: false,
      startStopDisabled: false,
      deleteDisabled: false,
    });
    expect(notebookActions('stopped')).toMatchObject({ canConnect: false, showStart: true });
    expect(notebookActions('terminating')).toMatchObject({
      canConnect: false,
      startStopDisabled: true,
      deleteDisabled: true,
    });
  });
});
