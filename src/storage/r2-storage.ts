import { ConfigError } from "../errors/config-error.ts";
import { MAX_ALTERNATIVES, claimKeyOf, keepClaim, tryClaim } from "./claims.ts";
import type { NameClaim } from "./claims.ts";
import { guessContentType, isValidContentType } from "./content-type.ts";
import { FileConflictError, FileNotFoundError, FileTooLargeError, quoteName } from "./errors.ts";
import { listDirectory } from "./listdir.ts";
import type { DirectoryListing, ListdirOptions } from "./listdir.ts";
import { alternativeName, encodePath, keyFor, validateName } from "./names.ts";
import { resolveStorageOptions } from "./options.ts";
import type { R2StorageOptions, ResolvedStorageOptions } from "./options.ts";
import { signedRequestStatus, signedUrl } from "./signed-url.ts";
import type { SignedRequestStatus } from "./signed-url.ts";
import { checkExpiresIn } from "./signing.ts";
import { writeBody } from "./write-body.ts";
import type { FileBody } from "./write-body.ts";

/** Options of {@link R2Storage.save}. */
export interface SaveOptions {
  /** Stored Content-Type; default: guessed from the name's extension. */
  readonly contentType?: string;
  /** Stored Cache-Control (served by a public bucket); default: the storage's `cacheControl`. */
  readonly cacheControl?: string;
  /** Stored Content-Disposition, e.g. `attachment`. */
  readonly contentDisposition?: string;
  /** Exact byte length of a stream body when known; without it a stream goes multipart. */
  readonly size?: number;
  /** Refuse the body past this many bytes (`FileTooLargeError`, 413), counted as it streams. */
  readonly maxBytes?: number;
  /**
   * The body's SHA-256 (32 bytes) as its sender declared it: the file is
   * stored only when the body matches, else `FileDigestMismatchError` (400)
   * and nothing stored. Checked by R2 for a single put, hashed as it streams
   * for a multipart upload.
   */
  readonly sha256?: Uint8Array;
}

/** Options of {@link R2Storage.url}. */
export interface UrlOptions {
  /** Lifetime of a signed URL in seconds; default the storage's `signing.expiresIn`. */
  readonly expiresIn?: number;
}


/**
 * File storage on an R2 bucket with the semantics Django users know. Names are
 * relative to `location` and validated (`InvalidFileNameError`, 400 at the
 * edge). With `allowOverwrite` off (the default), `save` never replaces a
 * file: a taken name becomes `name_1.ext`, `name_2.ext` … race-free, also
 * across objects sharing the bucket (see `claims.ts`). Bodies stream; nothing
 * is buffered beyond one multipart part.
 *
 * @example
 * ```ts
 * const files = new R2Storage({ binding: env.BUCKET, location: `tenants/${shard}/` });
 * const name = await files.save("reports/q1.pdf", request.body, { size: 1234 });
 * const { directories, files: names, cursor } = await files.listdir("reports", { limit: 100 });
 * ```
 */
export class R2Storage {
  readonly #options: ResolvedStorageOptions;

  constructor(options: R2StorageOptions) {
    this.#options = resolveStorageOptions(options);
  }

  /** The bucket binding, for what this class does not cover. */
  get bucket(): R2Bucket {
    return this.#options.bucket;
  }

  /** The key prefix of every name (`""` or ending in `/`). */
  get location(): string {
    return this.#options.location;
  }

  get allowOverwrite(): boolean {
    return this.#options.allowOverwrite;
  }

  /** The R2 key of a name, validated (throws `InvalidFileNameError`). */
  keyOf(name: string): string {
    return keyFor(this.#options.location, name);
  }

  /**
   * Stores `body` under `name` and resolves to the name actually used. With
   * overwrite off that is `name`, or `name_1.ext`, `name_2.ext` … when taken.
   */
  async save(name: string, body: FileBody, options: SaveOptions = {}): Promise<string> {
    name = validateName(name); // in NFC: the name returned is the one stored
    const key = this.keyOf(name);
    const { maxBytes } = options;
    const size = knownSize(body, options.size);
    if (maxBytes !== undefined && size !== null && size > maxBytes) throw new FileTooLargeError(maxBytes);
    const { sha256 } = options;
    if (sha256 !== undefined && !(sha256 instanceof Uint8Array && sha256.byteLength === 32)) {
      throw new RangeError("save: sha256 must be 32 bytes");
    }
    const write = {
      ...(options.size !== undefined && { size: options.size }),
      ...(maxBytes !== undefined && { maxBytes }),
      ...(sha256 !== undefined && { sha256 }),
      partSize: this.#options.partSize,
      httpMetadata: this.#httpMetadata(name, options),
    };
    if (this.#options.allowOverwrite) {
      await writeBody(this.bucket, key, body, { ...write, createOnly: false });
      return name;
    }
    const { name: chosen, claim } = await this.#claimFreeName(name);
    // However long the upload runs, its marker stays fresh (see claims.ts).
    const stopRefreshing = keepClaim(claim);
    const beforeComplete = async () => {
      if (!(await claim.isOwned())) {
        throw new FileConflictError(`${quoteName(chosen)} was deleted during the upload; retry`);
      }
    };
    try {
      const written = await writeBody(this.bucket, claim.key, body, { ...write, createOnly: true, beforeComplete });
      if (written === null) {
        throw new FileConflictError(`${quoteName(chosen)} was created by another writer during the upload; retry`);
      }
      return chosen;
    } catch (error) {
      // A conflict leaves someone's file at the key: the marker stays true.
      if (!(error instanceof FileConflictError)) await claim.release().catch(() => {});
      throw error;
    } finally {
      stopRefreshing();
      claim.unhold();
    }
  }

  /** The file's body and metadata; `range` reads part of it. Throws `FileNotFoundError`. */
  async open(name: string, options: { range?: R2Range } = {}): Promise<R2ObjectBody> {
    const object = await this.bucket.get(this.keyOf(name), options.range ? { range: options.range } : {});
    if (object === null) throw new FileNotFoundError(name);
    return object;
  }

  /** The whole file in memory; for small files (use `open` to stream). */
  async read(name: string): Promise<Uint8Array> {
    return (await this.open(name)).bytes();
  }

  /** The file's metadata, or `null` when there is no such file. */
  stat(name: string): Promise<R2Object | null> {
    return this.bucket.head(this.keyOf(name));
  }

  async exists(name: string): Promise<boolean> {
    return (await this.stat(name)) !== null;
  }

  /**
   * Deletes the file; resolves to whether it existed. Its claim marker goes
   * first, then the file: a save that sees the file gone can then safely claim
   * the name again. The marker goes also when there is no file, so a name
   * left claimed by a save that died is free again at once. A save still
   * running on that name never overwrites a later one: a single put is
   * create-only, a multipart upload checks its marker before completing (409).
   */
  async delete(name: string): Promise<boolean> {
    const key = this.keyOf(name);
    const existed = (await this.bucket.head(key)) !== null;
    await this.bucket.delete(await claimKeyOf(key));
    if (existed) await this.bucket.delete(key);
    return existed;
  }

  /**
   * One page of the names directly under directory `path` (`""` for the
   * location itself): at most `limit` entries (default and maximum 1000), and
   * a `cursor` for the next page, `null` after the last. A limit out of range
   * is a `RangeError`; a cursor listdir did not return, 400 `invalid_cursor`.
   */
  async listdir(path = "", options: ListdirOptions = {}): Promise<DirectoryListing> {
    const dir = path.replace(/\/+$/, "");
    const prefix = dir === "" ? this.location : `${this.keyOf(dir)}/`;
    return listDirectory(this.bucket, prefix, this.#options.listPageSize, options);
  }

  /** Size in bytes. Throws `FileNotFoundError`. */
  async size(name: string): Promise<number> {
    return (await this.#required(name)).size;
  }

  /** When the file was last written. Throws `FileNotFoundError`. */
  async modifiedTime(name: string): Promise<Date> {
    return (await this.#required(name)).uploaded;
  }

  /**
   * A URL for the file: under `publicBaseUrl` when configured, else a signed
   * URL for the file proxy that expires after `expiresIn` seconds.
   */
  async url(name: string, options: UrlOptions = {}): Promise<string> {
    const key = this.keyOf(name);
    const { publicBaseUrl, signing } = this.#options;
    if (publicBaseUrl !== null) return `${publicBaseUrl}/${encodePath(key)}`;
    if (signing === null) {
      throw new ConfigError("R2Storage", "url() needs publicBaseUrl or signing in the storage options");
    }
    return signedUrl(signing, key, name, checkExpiresIn(options.expiresIn ?? signing.expiresIn, "expiresIn"));
  }

  /**
   * Checks a request against the signed URLs `url()` makes. Only a GET or
   * HEAD under `signing.urlBase` carrying a signature parameter counts;
   * anything else is `none`. A valid signature is its own authorisation (no Access).
   */
  checkSignedRequest(request: Request): Promise<SignedRequestStatus> {
    return signedRequestStatus(request, this.#options.signing, (name) => this.keyOf(name));
  }

  async #required(name: string): Promise<R2Object> {
    const object = await this.stat(name);
    if (object === null) throw new FileNotFoundError(name);
    return object;
  }

  async #claimFreeName(name: string): Promise<{ name: string; claim: NameClaim }> {
    for (let n = 0; n < MAX_ALTERNATIVES; n++) {
      const candidate = alternativeName(name, n);
      const claim = await tryClaim(this.bucket, this.keyOf(candidate));
      if (claim !== null) return { name: candidate, claim };
    }
    throw new FileConflictError(`no free name for ${quoteName(name)} after ${MAX_ALTERNATIVES} tries`);
  }

  #httpMetadata(name: string, options: SaveOptions): R2HTTPMetadata {
    const given = options.contentType?.trim();
    const cacheControl = options.cacheControl ?? this.#options.cacheControl;
    return {
      contentType: given && isValidContentType(given) ? given : guessContentType(validateName(name)),
      ...(cacheControl != null && { cacheControl }),
      ...(options.contentDisposition !== undefined && { contentDisposition: options.contentDisposition }),
    };
  }
}

function knownSize(body: FileBody, size: number | undefined): number | null {
  if (size !== undefined) {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError("save: size must be a whole number of bytes");
    return size;
  }
  if (body === null) return 0;
  if (typeof body === "string") return null; // encoded later; its length in bytes is not yet known
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof Blob) return body.size;
  return null;
}
