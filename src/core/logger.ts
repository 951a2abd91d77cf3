// JSON logs (pino). Secrets never reach a log line: the redact list covers every place a
// password, token or reset link can appear in what we log.
import pino, { type Logger } from "pino";

export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "*.password",
  "*.currentPassword",
  "*.newPassword",
  "*.token",
  "*.refreshToken",
  "*.accessToken",
  "*.resetUrl",
  "variables.*.password",
  "variables.password",
  "variables.token",
  "variables.refreshToken",
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "creator-gateway" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export type { Logger };
