/** What the CLI reads and writes, passed in so a test can run it in-process. */
export interface Io {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  readonly fetch: typeof fetch;
}
