export { R2Storage } from "./r2-storage.ts";
export { lazyFiles } from "./files-factory.ts";
export { InvalidFileNameError, FileNotFoundError, FileTooLargeError, FileConflictError } from "./errors.ts";
export { validateName, alternativeName, splitExtension, nameFromPath, encodePath, MAX_KEY_BYTES } from "./names.ts";
export { guessContentType, isValidContentType, DEFAULT_CONTENT_TYPE } from "./content-type.ts";
export { signFileKey, verifyFileKey, EXPIRES_PARAM, SIGNATURE_PARAM, MAX_SIGNED_URL_SECONDS } from "./signing.ts";
export { MIN_PART_SIZE } from "./write-body.ts";
export { CLAIM_TTL_MS } from "./claims.ts";

export type { R2StorageOptions, SigningOptions } from "./options.ts";
export type { SaveOptions, UrlOptions } from "./r2-storage.ts";
export type { SignedRequestStatus } from "./signed-url.ts";
export type { FileBody } from "./write-body.ts";
export type { DirectoryListing } from "./listdir.ts";
export type { FilesFactory } from "./files-factory.ts";
