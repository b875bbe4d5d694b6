export { serveFile } from "./serve-file.ts";
export { receiveUpload } from "./upload.ts";
export { isValidSignedFileRequest, hasFileSignature, requireValidSignature } from "./signed-request.ts";
export { evaluatePreconditions } from "./preconditions.ts";
export { resolveRange } from "./range.ts";
export { PRIVATE_FILE_CACHE_CONTROL, PUBLIC_FILE_CACHE_CONTROL } from "./cache-control.ts";

export type { ServeFileOptions } from "./serve-file.ts";
export type { UploadOptions } from "./upload.ts";
export type { CacheOptions } from "./cache-control.ts";
export type { PreconditionOutcome, Validators } from "./preconditions.ts";
export type { RangeRequest } from "./range.ts";
