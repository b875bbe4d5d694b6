// dorm/files: file storage on R2 (`R2Storage`, for `defineApp({ files })`)
// and the HTTP file proxy (serve with ranges and conditionals, streamed uploads,
// signed URLs).
export { R2Storage } from "../storage/r2-storage.ts";
export {
  InvalidFileNameError,
  FileNotFoundError,
  FileTooLargeError,
  FileConflictError,
  FileDigestMismatchError,
} from "../storage/errors.ts";
export { nameFromPath } from "../storage/names.ts";
export { devSigningSecret } from "../storage/dev-secret.ts";
export { serveFile } from "./serve-file.ts";
export { receiveUpload } from "./upload.ts";
export { isValidSignedFileRequest, hasFileSignature, requireValidSignature } from "./signed-request.ts";

export type { R2StorageOptions, SigningOptions } from "../storage/options.ts";
export type { SaveOptions, UrlOptions } from "../storage/r2-storage.ts";
export type { SignedRequestStatus } from "../storage/signed-url.ts";
export type { FileBody } from "../storage/write-body.ts";
export type { DirectoryListing, ListdirOptions } from "../storage/listdir.ts";
export type { FilesFactory } from "../app/types.ts";
export type { ServeFileOptions } from "./serve-file.ts";
export type { UploadOptions } from "./upload.ts";
export type { CacheOptions } from "./cache-control.ts";
