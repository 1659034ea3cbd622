// Fault injection for the stand-in: an error for one service operation, once or n times or
// always, optionally only for one resource. Each service asks before it acts and renders the
// error in its own wire format, so the SDK raises exactly what real AWS would.

export interface StandinFault {
  /** Signing name: `ec2`, `lambda`, `ssm`, `cloudfront`, `sns`, `budgets`, `sts`, `iam`. */
  readonly service: string;
  /** The API operation, e.g. `StopInstances`, `PutFunctionConcurrency`, `UpdateDistribution`. */
  readonly operation: string;
  /** The error code, e.g. `ThrottlingException`, `AccessDeniedException`, `PreconditionFailed`. */
  readonly code: string;
  /** HTTP status (default 400). */
  readonly status?: number;
  readonly message?: string;
  /** How many calls fail (default: every call). */
  readonly times?: number;
  /** Only calls about this resource (function name, instance id, distribution id, …). */
  readonly resource?: string;
}

export interface TakenFault {
  readonly code: string;
  readonly status: number;
  readonly message: string;
}

export class StandinFaults {
  private readonly faults: { fault: StandinFault; left: number }[] = [];

  inject(fault: StandinFault): void {
    this.faults.push({ fault, left: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** The fault for this call, if one is armed (and counts it down). */
  take(service: string, operation: string, resources: readonly string[] = []): TakenFault | undefined {
    const entry = this.faults.find(
      ({ fault, left }) =>
        left > 0 &&
        fault.service === service &&
        fault.operation === operation &&
        (fault.resource === undefined || resources.includes(fault.resource)),
    );
    if (!entry) return undefined;
    entry.left -= 1;
    return {
      code: entry.fault.code,
      status: entry.fault.status ?? 400,
      message: entry.fault.message ?? `Injected ${entry.fault.code} on ${operation}`,
    };
  }
}
