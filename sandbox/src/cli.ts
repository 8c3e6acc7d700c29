import { sandboxDown, sandboxUp } from './sandbox.ts';

const command = process.argv[2];
try {
  if (command === 'up') {
    await sandboxUp();
  } else if (command === 'down') {
    await sandboxDown();
  } else {
    console.error('usage: node sandbox/src/cli.ts up|down');
    process.exitCode = 2;
  }
} catch (err) {
  console.error(`[sandbox] ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
