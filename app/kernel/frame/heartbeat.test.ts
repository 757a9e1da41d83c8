import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ms } from '../../shared/brand.ts';
import { Heartbeat } from './heartbeat.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup(answer: boolean) {
  const sent: number[] = [];
  const onDead = vi.fn();
  const beat: Heartbeat = new Heartbeat({
    send: (n) => {
      sent.push(n);
      if (answer) queueMicrotask(() => beat.pong(n));
    },
    onDead,
    interval: ms(1000),
    deadAfter: ms(4000),
    now: () => Date.now(),
  });
  return { beat, sent, onDead };
}

describe('Heartbeat', () => {
  it('keeps pinging while pongs come back', async () => {
    const { sent, onDead, beat } = setup(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(onDead).not.toHaveBeenCalled();
    beat.stop();
  });

  it('declares the process dead once a ping goes unanswered for longer than deadAfter', async () => {
    const { sent, onDead } = setup(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(onDead).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(onDead).toHaveBeenCalledTimes(1);
    expect(sent).toEqual([1]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onDead).toHaveBeenCalledTimes(1);
  });

  it('ignores a pong for an older ping', async () => {
    const { beat, onDead } = setup(false);
    await vi.advanceTimersByTimeAsync(1_000);
    beat.pong(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(onDead).toHaveBeenCalledTimes(1);
  });

  it('a late tick (throttled timers) with the pong already in is not a death', async () => {
    let now = 0;
    const onDead = vi.fn();
    const beat: Heartbeat = new Heartbeat({
      send: (n) => queueMicrotask(() => beat.pong(n)),
      onDead,
      interval: ms(1000),
      deadAfter: ms(4000),
      now: () => now,
    });
    now = 1000;
    await vi.advanceTimersByTimeAsync(1000);
    now = 61_000; // a background tab ran no timer for a minute
    await vi.advanceTimersByTimeAsync(1000);
    expect(onDead).not.toHaveBeenCalled();
    beat.stop();
  });

  it('stop() ends the pings', async () => {
    const { beat, sent } = setup(true);
    await vi.advanceTimersByTimeAsync(2_000);
    beat.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sent).toEqual([1, 2]);
  });
});
