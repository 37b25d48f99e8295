import { createHmac, timingSafeEqual } from "node:crypto";

import { z } from "zod";

import { ValidationError } from "../errors.js";

/** One sort key value; `{ date }` is a timestamp at millisecond precision (the lists read through Prisma). */
export type CursorKey = string | number | boolean | null | { date: string };

/**
 * Where a page ends: the sort it was cut for, the sort keys of its last row
 * (one per sort column) and that row's id, the tie-breaker.
 */
export interface CursorPosition {
  sort: string;
  keys: CursorKey[];
  id: string;
}

const KeySchema = z.union([z.string().max(2048), z.number(), z.boolean(), z.null(), z.strictObject({ date: z.iso.datetime() })]);
const PositionSchema = z.strictObject({ v: z.literal(1), s: z.string().max(64), k: z.array(KeySchema).max(4), i: z.string().max(255) });

const MAC_BYTES = 16;

/**
 * Opaque list cursors: base64url JSON plus an HMAC, so a cursor the server did
 * not issue (edited, truncated, from another deployment) is refused with a 422
 * naming `cursor` before any of it reaches SQL; the key's type is therefore the
 * one the server wrote. Signing, not a per-field type check, because the
 * generic lists only learn a key's type from the rows they read.
 */
export class CursorCodec {
  readonly #key: Buffer;

  /** `list` names the list the cursors belong to: a cursor of another list fails its signature. */
  constructor(secret: string, list = "") {
    // A key of its own, so a cursor can never double as a token signature, and one per list.
    this.#key = createHmac("sha256", secret).update(`netraven list cursor v1\0${list}`).digest();
  }

  encode(position: CursorPosition): string {
    const payload = Buffer.from(JSON.stringify({ v: 1, s: position.sort, k: position.keys, i: position.id }));
    return `${payload.toString("base64url")}.${this.#mac(payload).toString("base64url")}`;
  }

  /** The position in a cursor issued for `sort`; a 422 naming `cursor` for anything else. */
  decode(cursor: string, sort: string): CursorPosition {
    const [body, mac, extra] = cursor.split(".");
    const payload = Buffer.from(body ?? "", "base64url");
    const given = Buffer.from(mac ?? "", "base64url");
    if (extra !== undefined || given.length !== MAC_BYTES || !timingSafeEqual(given, this.#mac(payload))) {
      throw invalidCursor("it is not a cursor this API issued for this list; start again from the first page (no cursor)");
    }
    const parsed = PositionSchema.safeParse(parseJson(payload.toString("utf8")));
    if (!parsed.success) throw invalidCursor("it is not a cursor this API issued; start again from the first page (no cursor)");
    if (parsed.data.s !== sort) throw invalidCursor(`it was issued for sort=${parsed.data.s}; send the same sort with it, or start again without a cursor`);
    return { sort: parsed.data.s, keys: parsed.data.k, id: parsed.data.i };
  }

  #mac(payload: Buffer): Buffer {
    return createHmac("sha256", this.#key).update(payload).digest().subarray(0, MAC_BYTES);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function invalidCursor(detail: string): ValidationError {
  return new ValidationError(`Invalid query: cursor.`, [{ pointer: "/cursor", in: "query", detail: `Invalid cursor: ${detail}.` }]);
}
