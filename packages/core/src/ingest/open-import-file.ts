// Opens a file for import: checks it can be read, hashes its bytes (the resume key), and streams its rows.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { formatOfFileName, ImportInputError, readRows, type ReadItem, type RowFormat } from "./read-rows";

export interface ImportFile {
  fileName: string;
  format: RowFormat;
  bytes: number;
  sha256: string;
  rows: AsyncGenerator<ReadItem>;
}

export async function openImportFile(filePath: string, format?: RowFormat): Promise<ImportFile> {
  let size: number;
  try {
    const info = await stat(filePath);
    if (!info.isFile()) throw new ImportInputError(`${filePath} is not a file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof ImportInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportInputError(
      `Cannot read ${filePath}: ${code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(code ?? error)}.`,
    );
  }
  // A pass over the bytes before importing: the hash names this input so a restarted import resumes its batch.
  const hash = createHash("sha256");
  try {
    for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  } catch (error) {
    throw new ImportInputError(
      `Cannot read ${filePath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
    );
  }
  const resolvedFormat = format ?? formatOfFileName(filePath);
  return {
    fileName: path.basename(filePath),
    format: resolvedFormat,
    bytes: size,
    sha256: hash.digest("hex"),
    rows: readRows(createReadStream(filePath, { highWaterMark: 1 << 20 }), resolvedFormat),
  };
}
