import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { AppError } from '../errors.ts';

export interface UpstreamCircuitOptions {
  /** The service, as users read it: `Metrics service`, `Cost service`. */
  name: string;
  /** Consecutive failures (errors or timeouts) that open the circuit. */
  failuresToOpen?: number;
  /** How long an open circuit refuses calls before one trial call. */
  openForMs?: number;
  onOpen?: () => void;
  onClose?: () => void;
}

/** Failures of the service itself (unreachable, non-2xx, a bad body, no answer in time), not of our caller. */
function isUpstreamFailure(err: unknown): boolean {
  return err instanceof AppError && (err.kind === 'badGateway' || err.kind === 'timeout');
}

/**
 * A circuit breaker in front of an optional service we do not own (Prometheus, Kubecost): after a
 * few consecutive failures it stops calling for a while and answers at once, so a hung service costs
 * each request nothing instead of a timeout; then one call tries again.
 */
export class UpstreamCircuit {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly name: string;

  constructor(options: UpstreamCircuitOptions) {
    this.name = options.name;
    this.breaker = circuitBreaker(handleWhen(isUpstreamFailure), {
      halfOpenAfter: options.openForMs ?? 30_000,
      breaker: new ConsecutiveBreaker(options.failuresToOpen ?? 3),
    });
    if (options.onOpen) this.breaker.onBreak(options.onOpen);
    if (options.onClose) this.breaker.onReset(options.onClose);
  }

  /** Runs `call` unless the circuit is open; an open circuit is a 502 at once. */
  async call<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await this.breaker.execute(call);
    } catch (err) {
      if (err instanceof BrokenCircuitError) {
        throw new AppError(
          'badGateway',
          `${this.name} unavailable: not asked again for a while after repeated failures`,
        );
      }
      throw err;
    }
  }
}
