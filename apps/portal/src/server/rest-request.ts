// The request side of every REST route, free of Next.js and the database so it can be unit-tested: the error a
// route answers with, the cross-origin check for cookie sessions, a body read under a byte limit, and a JSON
// body that is valid as a whole or refused with the position of the first fault.
import { findUnstorableJson } from "@c360/core/system/storable-json";

/** A REST answer other than success: thrown anywhere in a route, answered as application/problem+json. */
export class RestProblem extends Error {
  override name = "RestProblem";
  constructor(
    public readonly status: number,
    message: string,
    /** Extra members of the problem document (field errors, limits); never personal data. */
    public readonly extra: Record<string, unknown> = {},
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * Whether a browser sent this request from another origin. Sec-Fetch-Site is decisive when present (a page on
 * another port of the same host is "same-site", and still refused); otherwise the Origin header must be one of
 * ours. A request with neither header comes from a program (curl, a script), not a page a victim visits, and
 * carries no ambient cookie a third party could have made it send.
 */
export function isCrossOrigin(headers: Headers, ownOrigins: readonly string[]): boolean {
  const site = headers.get("sec-fetch-site")?.trim().toLowerCase();
  if (site) return site !== "same-origin" && site !== "none";
  const origin = headers.get("origin")?.trim();
  if (!origin) return false;
  return !ownOrigins.includes(origin.toLowerCase());
}

/** The origins this portal answers as: the configured public URL and the origin the request was addressed to. */
export function ownOriginsOf(requestUrl: string, publicUrl: string | undefined): string[] {
  const origins = new Set<string>();
  for (const url of [requestUrl, publicUrl]) {
    if (!url) continue;
    try {
      origins.add(new URL(url).origin.toLowerCase());
    } catch {
      // not a URL: contributes no origin
    }
  }
  return [...origins];
}

function tooLarge(maxBytes: number): RestProblem {
  return new RestProblem(413, `The body is larger than ${formatBytes(maxBytes)}; send less per request.`, {
    limitBytes: maxBytes,
  });
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1000)} kB`;
}

/**
 * Reads a body of at most `maxBytes`: a declared Content-Length over the limit is refused before a byte is read,
 * and the stream is cancelled as soon as the bytes received pass it, so an oversized body never sits in memory.
 */
export async function readBodyWithinLimit(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes)
    throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** Deeper JSON is not a record or an event but an attack on the recursion of whatever reads it next. */
export const MAX_JSON_DEPTH = 64;

export interface JsonFault {
  /** 0-based offset of the fault in the text (characters). */
  offset: number;
  line: number;
  column: number;
  reason: string;
}

/**
 * Checks that `text` is exactly one JSON value (RFC 8259) nested at most `maxDepth` deep; returns the first fault,
 * or null. JSON.parse alone cannot do this: it accepts any depth and does not say where a fault is.
 */
export function findJsonFault(text: string, maxDepth = MAX_JSON_DEPTH): JsonFault | null {
  let i = 0;
  const n = text.length;
  const fault = (reason: string, at = i): JsonFault => {
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < at && k < n; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
    return { offset: at, line, column: at - lineStart + 1, reason };
  };
  const skipSpace = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const describe = (at: number) => (at >= n ? "the end of the text" : `'${text[at]}'`);
  const readString = (): JsonFault | null => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return null;
      }
      if (c < 0x20) return fault("a control character inside a string (escape it)");
      if (c === 92) {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            return fault("a \\u escape without four hex digits");
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return fault(`an unknown escape \\${e ?? ""}`);
      } else i++;
    }
    return fault("a string that is not closed");
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  // containers: the open arrays ("]") and objects ("}") with what comes next in each.
  const stack: string[] = [];
  type Expect = "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "comma-or-close";
  let expect: Expect = "value";
  for (;;) {
    skipSpace();
    if (expect === "value" || expect === "value-or-close") {
      if (i >= n)
        return fault(
          stack.length ? "the end of the text inside an unclosed array or object" : "an empty body",
        );
      const c = text[i]!;
      if (expect === "value-or-close" && c === "]") {
        stack.pop();
        i++;
      } else if (c === "{" || c === "[") {
        if (stack.length >= maxDepth) return fault(`arrays or objects nested more than ${maxDepth} deep`);
        stack.push(c === "{" ? "}" : "]");
        i++;
        expect = c === "{" ? "key-or-close" : "value-or-close";
        continue;
      } else if (c === '"') {
        const bad = readString();
        if (bad) return bad;
      } else if (text.startsWith("true", i)) i += 4;
      else if (text.startsWith("false", i)) i += 5;
      else if (text.startsWith("null", i)) i += 4;
      else {
        NUMBER.lastIndex = i;
        const match = NUMBER.exec(text);
        if (!match || match[0] === "-") return fault(`unexpected ${describe(i)} where a value should be`);
        i += match[0].length;
      }
      expect = "comma-or-close";
    } else if (expect === "key" || expect === "key-or-close") {
      if (expect === "key-or-close" && text[i] === "}") {
        stack.pop();
        i++;
        expect = "comma-or-close";
      } else if (text[i] === '"') {
        const bad = readString();
        if (bad) return bad;
        expect = "colon";
        continue;
      } else return fault(`unexpected ${describe(i)} where a quoted member name should be`);
    } else if (expect === "colon") {
      if (text[i] !== ":") return fault(`unexpected ${describe(i)} where ':' should be`);
      i++;
      expect = "value";
      continue;
    }
    // comma-or-close, after a complete value
    skipSpace();
    const top = stack[stack.length - 1];
    if (!top) {
      if (i < n) return fault(`unexpected ${describe(i)} after the end of the JSON value`);
      return null;
    }
    if (text[i] === ",") {
      i++;
      expect = top === "}" ? "key" : "value";
    } else if (text[i] === top) {
      stack.pop();
      i++;
    } else
      return fault(
        i >= n
          ? "the end of the text inside an unclosed array or object"
          : `unexpected ${describe(i)} where ',' or '${top}' should be`,
      );
  }
}

export interface ParseJsonOptions {
  /** JSON lines: every non-blank line is one value; the result is their array. */
  lines?: boolean;
  /** Refuse U+0000 anywhere (a body stored whole); a records import instead refuses only the row holding it. */
  refuseNul?: boolean;
}

/** Parses a JSON (or JSON lines) body that is valid as a whole, or throws a 400 naming where it is not. */
export function parseJsonBody(body: Buffer | string, options: ParseJsonOptions = {}): unknown {
  const text = (typeof body === "string" ? body : new TextDecoder("utf-8").decode(body)).replace(
    /^\uFEFF/,
    "",
  );
  let value: unknown;
  if (options.lines) {
    const values: unknown[] = [];
    const lines = text.split("\n");
    lines.forEach((line, index) => {
      if (line.trim() === "") return;
      const fault = findJsonFault(line);
      if (fault)
        throw new RestProblem(
          400,
          `Line ${index + 1} is not valid JSON: ${fault.reason} at column ${fault.column}. Nothing was stored.`,
          {
            line: index + 1,
            column: fault.column,
          },
        );
      values.push(JSON.parse(line));
    });
    if (values.length === 0) throw new RestProblem(400, "The body is empty; send one JSON value per line.");
    value = values;
  } else {
    const fault = findJsonFault(text);
    if (fault)
      throw new RestProblem(
        400,
        fault.reason === "an empty body"
          ? "The body is empty; send a JSON document."
          : `The body is not valid JSON: ${fault.reason} at line ${fault.line}, column ${fault.column} (character ${fault.offset}). Nothing was stored.`,
        { line: fault.line, column: fault.column, offset: fault.offset },
      );
    value = JSON.parse(text);
  }
  if (options.refuseNul) {
    const problem = findUnstorableJson(value);
    if (problem)
      throw new RestProblem(
        400,
        `The value at ${problem.path} ${problem.reason}; remove it. Nothing was stored.`,
        { path: problem.path },
      );
  }
  return value;
}
