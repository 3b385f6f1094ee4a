/** Where the gateway reports what it cannot answer for itself; never given the bearer token. */
export interface GatewayLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentGatewayLog: GatewayLog = {
  info: () => {},
  warn: () => {},
  error: () => {},
};
