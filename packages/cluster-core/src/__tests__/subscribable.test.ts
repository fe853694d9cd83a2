import { describe, expect, it } from 'vitest';
import { Subscribable } from '../subscribable';

class Counter extends Subscribable<(value: number) => void> {
  readonly hooks: string[] = [];
  emit(value: number) {
    for (const listener of this.listeners) listener(value);
  }
  protected override onSubscribe() {
    this.hooks.push(`sub:${this.listeners.size}`);
  }
  protected override onUnsubscribe() {
    this.hooks.push(`unsub:${this.listeners.size}`);
  }
}

describe('Subscribable', () => {
  it('delivers to subscribers until they unsubscribe and reports whether anyone listens', () => {
    const counter = new Counter();
    const seen: number[] = [];
    expect(counter.hasListeners()).toBe(false);
    const unsubscribe = counter.subscribe((value) => seen.push(value));
    expect(counter.hasListeners()).toBe(true);
    counter.emit(1);
    unsubscribe();
    counter.emit(2);
    expect(seen).toEqual([1]);
    expect(counter.hasListeners()).toBe(false);
  });

  it('runs the hooks with the listener set already updated, once per unsubscribe', () => {
    const counter = new Counter();
    const off1 = counter.subscribe(() => {});
    const off2 = counter.subscribe(() => {});
    off1();
    off1();
    off2();
    expect(counter.hooks).toEqual(['sub:1', 'sub:2', 'unsub:1', 'unsub:0']);
  });

  it('works when subscribe is called unbound', () => {
    const counter = new Counter();
    const { subscribe } = counter;
    const seen: number[] = [];
    subscribe((value) => seen.push(value));
    counter.emit(7);
    expect(seen).toEqual([7]);
  });
});
