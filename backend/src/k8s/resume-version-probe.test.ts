import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ResumeVersionProbe } from './resume-version-probe.ts';

describe('ResumeVersionProbe', () => {
  it('gives the probed version once the watch stayed open long enough after the answer', async () => {
    const probe = new ResumeVersionProbe(async () => '42', 1000);
    probe.schedule(0);
    await sleep(5);
    const answered = Date.now();
    expect(probe.versionAt(answered + 1000)).toBe('42');
  });

  it('gives nothing when the watch ended too soon after the answer, or when a bookmark came', async () => {
    const early = new ResumeVersionProbe(async () => '42', 60_000);
    early.schedule(0);
    await sleep(5);
    expect(early.versionAt(Date.now())).toBeUndefined();

    const bookmarked = new ResumeVersionProbe(async () => '42', 0);
    bookmarked.schedule(0);
    await sleep(5);
    bookmarked.cancel();
    expect(bookmarked.versionAt(Date.now() + 1)).toBeUndefined();
  });

  it('never probes when the watch ends before the probe is due, and survives a failed probe', async () => {
    let asked = 0;
    const unused = new ResumeVersionProbe(async () => String(++asked), 0);
    unused.schedule(20);
    expect(unused.versionAt(Date.now())).toBeUndefined();
    await sleep(40);
    expect(asked).toBe(0);

    const failing = new ResumeVersionProbe(async () => {
      throw new Error('API server busy');
    }, 0);
    failing.schedule(0);
    await sleep(5);
    expect(failing.versionAt(Date.now() + 1)).toBeUndefined();
  });
});
