import type { CallStats, RouteKey } from '@app/simulator/framework/simulator.types';

/** Calls received per registered route; unknown keys throw so a typo in a test cannot pass as 0. */
export class CallCounter {
  private readonly counts = new Map<RouteKey, number>();
  private readonly writeRoutes = new Set<RouteKey>();
  private readonly known = new Set<RouteKey>();
  private unmatchedCount = 0;

  register(routeKey: RouteKey, write: boolean): void {
    this.known.add(routeKey);
    if (write) {
      this.writeRoutes.add(routeKey);
    }
  }

  knownRoutes(): RouteKey[] {
    return [...this.known];
  }

  assertKnown(routeKey: string): asserts routeKey is RouteKey {
    if (!this.known.has(routeKey as RouteKey)) {
      throw new Error(`unknown route ${routeKey}; registered: ${[...this.known].join(', ')}`);
    }
  }

  record(routeKey: RouteKey | null): void {
    if (routeKey === null) {
      this.unmatchedCount += 1;
      return;
    }
    this.counts.set(routeKey, (this.counts.get(routeKey) ?? 0) + 1);
  }

  calls(routeKey: RouteKey): number {
    this.assertKnown(routeKey);
    return this.counts.get(routeKey) ?? 0;
  }

  byRoute(): Partial<Record<RouteKey, number>> {
    return Object.fromEntries(this.counts);
  }

  total(): number {
    let sum = 0;
    this.counts.forEach((n) => (sum += n));
    return sum;
  }

  writes(): number {
    let sum = 0;
    this.writeRoutes.forEach((key) => (sum += this.counts.get(key) ?? 0));
    return sum;
  }

  unmatched(): number {
    return this.unmatchedCount;
  }

  stats(): CallStats {
    return {
      total: this.total(),
      writes: this.writes(),
      unmatched: this.unmatched(),
      byRoute: this.byRoute(),
    };
  }

  reset(): void {
    this.counts.clear();
    this.unmatchedCount = 0;
  }
}
