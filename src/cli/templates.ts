import { fileURLToPath } from "node:url";

/** The project templates of `dorm init`: folders of the package's examples/. */
export const TEMPLATES = ["durable-objects", "d1"] as const;

export type TemplateName = (typeof TEMPLATES)[number];

export const DEFAULT_TEMPLATE: TemplateName = "durable-objects";

export function isTemplate(name: string): name is TemplateName {
  return (TEMPLATES as readonly string[]).includes(name);
}

/**
 * A template's folder: examples/<name> of the package this CLI belongs to,
 * two folders up from this module (dist/cli/ when installed or built, src/cli/
 * in the repository alike), so `dorm init` copies the files that shipped with it.
 */
export function templateDir(name: TemplateName): string {
  return fileURLToPath(new URL(`../../examples/${name}/`, import.meta.url));
}
