import { CodedError } from '../base/errors.ts';
import { GatewayErrorStatus } from '../protocol/index.ts';
import type { GatewayErrorCode } from '../protocol/index.ts';

/** An error the gateway answers with its envelope; `status` follows `GatewayErrorStatus`. */
export class GatewayError extends CodedError {
  declare readonly code: GatewayErrorCode;
  readonly status: number;
  /** Extra response headers, e.g. `Allow` on 405. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: GatewayErrorCode, message: string, options?: { cause?: unknown; headers?: Record<string, string> }) {
    super(code, message, options);
    this.status = GatewayErrorStatus[code];
    this.headers = options?.headers ?? {};
  }
}
