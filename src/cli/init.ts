import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { CliError, printable, usageError } from "./errors.ts";
import type { Io } from "./io.ts";
import { shownPath } from "./migrations-dir.ts";
import { templateDir } from "./templates.ts";
import type { TemplateName } from "./templates.ts";

/** What `dorm init` was asked: the folder (as typed) and the template. */
export interface InitRequest {
  readonly dir: string;
  readonly template: TemplateName;
}

/** The Node.js the projects' tools (wrangler, vitest) need. */
const NODE_MINIMUM = [22, 12] as const;

/**
 * A folder name made a project name that npm and Cloudflare both accept:
 * lower-case ASCII letters and digits, other runs of characters as one "-",
 * none at either end, at most 63 characters (a worker name). `null` when
 * nothing is left (a name of dots, say).
 */
export function projectName(folder: string): string | null {
  const name = folder
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return name === "" ? null : name;
}

/**
 * `dorm init DIR`: copies the template into DIR (new or empty), `gitignore`
 * as `.gitignore` (npm never packs a file of that name), with the project's
 * name in package.json and wrangler.toml; prints the next steps.
 */
export function runInit(request: InitRequest, io: Io): number {
  const target = resolve(io.cwd, request.dir);
  const shown = printable(shownPath(target, io.cwd));
  const folder = basename(target);
  const name = projectName(folder);
  if (name === null) {
    throw usageError(
      `cannot name a project after the folder "${printable(folder).slice(0, 60)}": the name (package.json, wrangler.toml) ` +
        "is made of its letters and digits (a-z, 0-9, \"-\" between) and it has none; choose a folder name with some",
    );
  }
  requireEmptyFolder(target, shown);

  const source = templateDir(request.template);
  if (!existsSync(join(source, "package.json"))) {
    throw new CliError(`the ${request.template} template is missing from this installation (${source}); reinstall dorm`);
  }
  const files = templateFiles(source);
  try {
    for (const file of files) {
      const destination = join(target, file === "gitignore" ? ".gitignore" : file);
      mkdirSync(dirname(destination), { recursive: true });
      writeFileSync(destination, named(file, readFileSync(join(source, file)), name), { flag: "wx" });
    }
  } catch (error) {
    const cause = (error as { code?: unknown } | null)?.code ?? (error instanceof Error ? error.message : String(error));
    throw new CliError(`cannot write the project into ${shown} (${printable(cause).slice(0, 120)})`);
  }

  const cd = shellWord(request.dir);
  io.stdout(`created ${shown} from the ${request.template} template (${files.length} files), project name "${name}"\n\n`);
  io.stdout(`next:\n  cd ${cd} && npm install && npm start\n  npm test\n`);
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  if (major < NODE_MINIMUM[0] || (major === NODE_MINIMUM[0] && minor < NODE_MINIMUM[1])) {
    io.stdout(
      `\nnote: the project's tools (wrangler, vitest) need Node.js ${NODE_MINIMUM.join(".")} or later; ` +
        `this is Node.js ${process.versions.node}\n`,
    );
  }
  return 0;
}

/** Refuses (exit 2) a path that is a file, or a folder with anything in it. */
function requireEmptyFolder(target: string, shown: string): void {
  const stat = statSync(target, { throwIfNoEntry: false });
  if (stat === undefined) return;
  if (!stat.isDirectory()) throw usageError(`${shown} exists and is not a folder; dorm init needs a new or empty folder`);
  let entries: string[];
  try {
    entries = readdirSync(target);
  } catch (error) {
    throw new CliError(`cannot read ${shown} (${(error as { code?: unknown }).code ?? String(error)})`);
  }
  if (entries.length > 0) {
    const some = entries.slice(0, 3).map((entry) => printable(entry).slice(0, 40)).join(", ");
    throw usageError(
      `${shown} is not empty (${some}${entries.length > 3 ? ", …" : ""}); dorm init writes only into a new or empty folder: ` +
        "name another one",
    );
  }
}

/**
 * The template's files, relative to it, in a stable order: regular files
 * only, without anything a run inside the template may have left
 * (node_modules, .wrangler and other dot-named entries, which a template never holds).
 */
function templateFiles(root: string, under = ""): string[] {
  const files: string[] = [];
  const entries = readdirSync(join(root, under), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const path = under === "" ? entry.name : `${under}/${entry.name}`;
    if (entry.isDirectory()) files.push(...templateFiles(root, path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** A template file with the project's name written in (package.json, wrangler.toml). */
function named(file: string, content: Buffer, name: string): Buffer | string {
  if (file === "package.json") {
    const manifest = JSON.parse(content.toString("utf8")) as Record<string, unknown>;
    return `${JSON.stringify({ ...manifest, name }, null, 2)}\n`;
  }
  if (file === "wrangler.toml") {
    return content
      .toString("utf8")
      .replace(/^name = "[^"\n]*"$/m, `name = "${name}"`)
      .replace(/^database_name = "[^"\n]*"$/m, `database_name = "${name}"`);
  }
  return content;
}

/** A path as one word for a POSIX shell: quoted when it holds anything but safe characters. */
function shellWord(path: string): string {
  const text = printable(path);
  return /^[A-Za-z0-9._/+-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
