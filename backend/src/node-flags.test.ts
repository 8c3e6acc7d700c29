import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from './node-flags.ts';

describe('server Node flags', () => {
  it('are the ones the container image starts the server with', () => {
    const dockerfile = readFileSync(join(import.meta.dirname, '..', '..', 'Dockerfile'), 'utf8');
    const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(entrypoint).toBeDefined();
    expect(JSON.parse(entrypoint!)).toEqual(['node', ...SERVER_NODE_FLAGS, 'backend/src/main.ts']);
  });
});
