/**
 * What a log line says of a job's failure: its type, code and message, with
 * anything shaped like an email address masked. A job's error can quote lead
 * data (a database error names the duplicate key it tripped on), and lead
 * contact data never reaches the logs.
 */
export function failureForLog(error: Error): { type: string; code?: unknown; message: string } {
  const code = (error as { code?: unknown }).code;
  return { type: error.name, ...(code !== undefined ? { code } : {}), message: String(error.message).replace(/[^\s"'{}:,<>]+@[^\s"'{}:,<>]+/g, '[redacted]') };
}
