// The request side of the REST helper: cross-origin detection, the streamed size limit, whole-body JSON validity.
import { describe, expect, it } from "vitest";
import {
  findJsonFault,
  isCrossOrigin,
  ownOriginsOf,
  parseJsonBody,
  readBodyWithinLimit,
  RestProblem,
} from "./rest-request";

const own = ownOriginsOf("http://localhost:3104/api/v1/lineage", "http://localhost:3104");

describe("isCrossOrigin", () => {
  it("refuses another port of the same host, by Origin or by Sec-Fetch-Site", () => {
    expect(isCrossOrigin(new Headers({ origin: "http://localhost:9999" }), own)).toBe(true);
    expect(isCrossOrigin(new Headers({ "sec-fetch-site": "same-site" }), own)).toBe(true);
    expect(
      isCrossOrigin(new Headers({ "sec-fetch-site": "cross-site", origin: "http://localhost:3104" }), own),
    ).toBe(true);
    expect(isCrossOrigin(new Headers({ origin: "null" }), own)).toBe(true);
  });

  it("accepts the portal's own pages and programs that send no browser headers", () => {
    expect(isCrossOrigin(new Headers({ origin: "http://localhost:3104" }), own)).toBe(false);
    expect(
      isCrossOrigin(new Headers({ "sec-fetch-site": "same-origin", origin: "http://localhost:3104" }), own),
    ).toBe(false);
    expect(isCrossOrigin(new Headers({ "sec-fetch-site": "none" }), own)).toBe(false);
    expect(isCrossOrigin(new Headers({}), own)).toBe(false);
  });
});

function streamed(parts: number, partBytes: number, contentLength?: number) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === parts) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(partBytes).fill(0x20));
    },
  });
  const headers = contentLength === undefined ? {} : { "content-length": String(contentLength) };
  const request = new Request("http://localhost/x", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => pulled };
}

describe("readBodyWithinLimit", () => {
  it("refuses a declared length over the limit before reading a byte", async () => {
    const { request, pulled } = streamed(10, 1000, 60_000_000);
    await expect(readBodyWithinLimit(request, 2_000_000)).rejects.toMatchObject({ status: 413 });
    // A stream fills its queue once when it is made (highWaterMark 1); nothing is read beyond that.
    expect(pulled()).toBeLessThanOrEqual(1);
  });

  it("stops reading an undeclared body as soon as it passes the limit", async () => {
    const { request, pulled } = streamed(1000, 100_000);
    await expect(readBodyWithinLimit(request, 1_000_000)).rejects.toBeInstanceOf(RestProblem);
    expect(pulled()).toBeLessThan(15);
  });

  it("returns a body within the limit whole", async () => {
    const { request } = streamed(3, 1000);
    expect((await readBodyWithinLimit(request, 3000)).length).toBe(3000);
  });
});

describe("findJsonFault", () => {
  it("accepts JSON and refuses what JSON.parse would, naming where", () => {
    for (const good of ['{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"]}', " [ ] ", '"s"', "0", '{"a":{}}']) {
      expect(findJsonFault(good), good).toBeNull();
      expect(() => JSON.parse(good)).not.toThrow();
    }
    const bad: Array<[string, number]> = [
      ['[{"a":1},{"b":', 14],
      ['[{"a":1}] garbage', 10],
      ['{"a":}', 5],
      ["[1,2,,3]", 5],
      ['{"a":"x\u0001"}', 7],
      ["[01]", 2],
      ["{'a':1}", 1],
      ["[1,]", 3],
      ['{"a":1,}', 7],
      ["", 0],
    ];
    for (const [text, offset] of bad) {
      expect(findJsonFault(text)?.offset, text).toBe(offset);
      expect(() => JSON.parse(text), text).toThrow();
    }
  });

  it("refuses nesting deeper than the limit without recursing", () => {
    const deep = "[".repeat(20_000) + "]".repeat(20_000);
    expect(findJsonFault(deep)?.reason).toMatch(/nested more than 64 deep/);
    expect(findJsonFault("[".repeat(64) + "]".repeat(64))).toBeNull();
  });

  it("counts lines and columns", () => {
    expect(findJsonFault('{\n  "a": 1,\n  "b": x\n}')).toMatchObject({ line: 3, column: 8 });
  });
});

describe("parseJsonBody", () => {
  it("rejects a truncated array or trailing garbage whole, naming the position", () => {
    expect(() => parseJsonBody('[{"id":"1"},{"id":"2"},{"id":"3"')).toThrow(
      /not valid JSON: the end of the text inside an unclosed array or object at line 1, column 33/,
    );
    expect(() => parseJsonBody('[{"id":"1"},{"id":"2"}] trailing')).toThrow(
      /after the end of the JSON value at line 1, column 25/,
    );
  });

  it("reads JSON lines and names the broken line", () => {
    expect(parseJsonBody('{"a":1}\n\n{"a":2}\n', { lines: true })).toEqual([{ a: 1 }, { a: 2 }]);
    expect(() => parseJsonBody('{"a":1}\n{"a":\n', { lines: true })).toThrow(/^Line 2 is not valid JSON/);
  });

  it("refuses NUL characters only when asked, naming the path", () => {
    const text = '{"run":{"facets":{"x":{"note":"a\\u0000b"}}}}';
    expect(parseJsonBody(text)).toBeTruthy();
    expect(() => parseJsonBody(text, { refuseNul: true })).toThrow(
      /\$\.run\.facets\.x\.note holds a NUL character/,
    );
    expect(() => parseJsonBody('[["ok"],["a\\u0000"]]', { refuseNul: true })).toThrow(
      /\$\[1\]\[0\] holds a NUL/,
    );
  });
});
