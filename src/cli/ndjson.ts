import { CliError } from "./errors.ts";

/**
 * The lines of a streamed answer (one JSON object per line), parsed, as they
 * arrive. Throws a `CliError` on a line that is not a JSON object.
 */
export async function* streamLines(response: Response): AsyncGenerator<object> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of response.body) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line !== "") yield parseLine(line);
    }
  }
  buffered += decoder.decode();
  if (buffered.trim() !== "") yield parseLine(buffered.trim());
}

function parseLine(line: string): object {
  const value = parseJsonObject(line);
  if (value === null) throw new CliError("the server sent a line that is not JSON; is --url a dorm router?");
  return value;
}

/** The JSON object `text` holds, else `null` (not JSON, or JSON but not an object). */
export function parseJsonObject(text: string): object | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? value : null;
  } catch {
    return null;
  }
}
