import type { PrismaClient, PrismaTransaction } from "@netraven/db-schema";
import type { FastifyInstance, FastifyRequest, FastifySchema } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { recordAudit } from "../audit/record-audit.js";
import { NotFoundError, ValidationError } from "../errors.js";
import type { AppContext, AuthUser } from "../server/context.js";
import { IdParams, problems } from "./common-schemas.js";
import { CursorCodec } from "./cursor.js";
import type { CountMode, PageQueryOptions, PageRequest, PageResult } from "./pagination.js";
import { page, pageQuery } from "./pagination.js";
import { readPrismaPage } from "./prisma-page.js";
import { estimateTableRows } from "./row-estimates.js";

/** The Prisma delegate methods the generic routes use (Prisma's own types are too generic to name here). */
export interface ModelDelegate {
  findMany(args: object): Promise<unknown[]>;
  count(args: object): Promise<number>;
  findUnique(args: object): Promise<unknown>;
  create(args: object): Promise<unknown>;
  update(args: object): Promise<unknown>;
  delete(args: object): Promise<unknown>;
}

/** What a create/update data builder may use. */
export interface WriteContext {
  tx: PrismaTransaction;
  user: AuthUser;
  app: AppContext;
  request: FastifyRequest;
}

/** Declares the standard routes of one resource: list, get, create, update, delete. */
export interface CrudSpec<Row, Item extends z.ZodType, Filters extends z.ZodObject, Create extends z.ZodType, Update extends z.ZodType> {
  /** Singular name: audit target type, messages, operation ids (`device`). */
  name: string;
  /** Plural for operation ids and the OpenAPI tag (`devices`). */
  plural: string;
  /** URL prefix (`/api/devices`). */
  prefix: string;
  model: (db: PrismaClient | PrismaTransaction) => ModelDelegate;
  /** Prisma `include` for reads and writes. */
  include?: object;
  item: Item;
  toItem: (row: Row) => z.input<Item>;
  /** Filter parameters besides limit/offset/sort. */
  filters: Filters;
  /** Prisma `where` for the filters (unused with `reads`). */
  where?: (filters: z.infer<Filters>) => object;
  sortFields: readonly [string, ...string[]];
  defaultSort: string;
  /** Roles: `admin` restricts reads or writes to administrators. @default { read: "user", write: "user" } */
  access?: { read?: "user" | "admin"; write?: "user" | "admin" };
  create?: { body: Create; data: (body: z.infer<Create>, ctx: WriteContext) => Promise<object> | object };
  update?: { body: Update; data: (body: z.infer<Update>, ctx: WriteContext & { id: string }) => Promise<object> | object };
  /** Page size bounds of the list (docs/api.md lists each resource's). */
  page?: PageQueryOptions;
  /**
   * Hand-written reads replacing Prisma for list and get (hot paths). Writes
   * still go through Prisma; their response is read back through `get`.
   */
  reads?: {
    list: (query: PageRequest & z.infer<Filters>) => Promise<PageResult<Row>>;
    get: (id: string) => Promise<Row | undefined>;
  };
  /** Enables DELETE; `before` may refuse (throw) or clean up inside the transaction. */
  remove?: { before?: (id: string, ctx: WriteContext) => Promise<void> | void };
}

/** The query schema of a list route: pagination, sort and filters. */
type PageQuery = z.ZodType<{ limit: number; offset: number; sort: string; cursor?: string | undefined; count: CountMode } & Record<string, unknown>>;

/** A paginated GET route: `fetch` gets the parsed query and the page to read (cursor decoded) and returns it. */
export interface ListRoute<Q extends PageQuery> {
  url: string;
  operationId: string;
  tags: string[];
  admin: boolean;
  query: Q;
  item: z.ZodType;
  params?: z.ZodObject;
  fetch: (query: z.infer<Q>, params: Record<string, string>, page: PageRequest) => Promise<PageResult>;
}

/** Registers a list route answering `{ items, total, totalExact, limit, offset, next }`. */
export function registerList<Q extends PageQuery>(app: FastifyInstance, route: ListRoute<Q>): void {
  const errors = route.admin ? [401, 403, 422] : [401, 422];
  // Keyed from the JWT secret, so every replica of one deployment reads the others' cursors; one key per list.
  const codec = new CursorCodec(app.netraven.config.jwt.secret, route.operationId);
  app.withTypeProvider<ZodTypeProvider>().get(
    route.url,
    {
      config: { admin: route.admin },
      schema: {
        tags: route.tags,
        operationId: route.operationId,
        querystring: route.query,
        ...(route.params ? { params: route.params } : {}),
        response: { 200: page(route.item), ...problems(...(route.params ? [...errors, 404] : errors)) },
      },
    },
    async (request) => {
      const query = request.query as z.infer<Q>;
      if (query.cursor !== undefined && query.offset > 0) {
        throw new ValidationError("Invalid query: offset.", [{ pointer: "/offset", in: "query", detail: "offset cannot be combined with cursor: the cursor already says where the page starts." }]);
      }
      const after = query.cursor === undefined ? undefined : codec.decode(query.cursor, query.sort);
      const pageRequest: PageRequest = { limit: query.limit, offset: query.offset, sort: query.sort, after, count: query.count };
      const result = await route.fetch(query, request.params as Record<string, string>, pageRequest);
      return {
        items: result.items,
        total: result.total,
        totalExact: result.totalExact,
        limit: query.limit,
        offset: query.offset,
        next: result.next ? codec.encode(result.next) : null,
      };
    },
  );
}

/** Whether a field of a response schema admits null (nullable sort columns sort nulls last ascending). */
export function nullableIn(item: z.ZodType): (field: string) => boolean {
  const shape = (item as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  return (field) => shape[field]?.safeParse(null).success ?? false;
}

const PAST: Record<string, string> = { create: "Created", update: "Updated", delete: "Deleted" };

/** Audits a change to one row: which fields were sent, never their values. */
function auditChange(tx: PrismaTransaction, request: FastifyRequest, name: string, action: "create" | "update" | "delete", id: string, fields?: string[]) {
  return recordAudit(tx, request, {
    eventType: "data",
    eventName: `${name}.${action}`,
    targetType: name,
    targetId: id,
    description: `${PAST[action]} ${name} ${id}`,
    status: "success",
    ...(fields ? { metadata: { fields } } : {}),
  });
}

const capitalize = (s: string) => s.replace(/(^|-)(\w)/g, (_m, _d: string, c: string) => c.toUpperCase());

/** Registers the routes a {@link CrudSpec} declares. */
export function registerCrud<Row, Item extends z.ZodType, Filters extends z.ZodObject, Create extends z.ZodType, Update extends z.ZodType>(
  app: FastifyInstance,
  spec: CrudSpec<Row, Item, Filters, Create, Update>,
): void {
  // Plain (untyped) routes: with generic schemas the type provider cannot
  // resolve request and reply types, so the handlers cast what they read.
  const ctx = app.netraven;
  const read = { admin: spec.access?.read === "admin" };
  const write = { admin: spec.access?.write === "admin" };
  const readErrors = read.admin ? [401, 403, 422] : [401, 422];
  const writeErrors = write.admin ? [401, 403, 404, 409, 422] : [401, 404, 409, 422];
  const tags = [spec.plural];
  const Name = capitalize(spec.name);
  const query = pageQuery(spec.sortFields, spec.defaultSort, spec.page).extend(spec.filters.shape) as unknown as PageQuery;
  const include = spec.include ? { include: spec.include } : {};
  // The item type is generic here; each resource's toItem is checked against its schema.
  const toItem = (row: unknown) => spec.toItem(row as Row) as never;
  const nullable = nullableIn(spec.item);
  // Tables are named for the resource (job-logs -> job_logs); only the estimate of an unfiltered total reads the name.
  const table = spec.plural.replaceAll("-", "_");

  registerList(app, {
    url: spec.prefix,
    operationId: `list${capitalize(spec.plural)}`,
    tags,
    admin: read.admin,
    query,
    item: spec.item,
    async fetch({ limit: _limit, offset: _offset, sort, cursor: _cursor, count: _count, ...filters }, _params, page) {
      if (spec.reads) {
        const result = await spec.reads.list({ ...page, ...(filters as z.infer<Filters>) });
        return { ...result, items: result.items.map(toItem) };
      }
      const field = sort.replace(/^-/, "");
      const result = await readPrismaPage(
        {
          model: spec.model(ctx.prisma),
          where: spec.where?.(filters as z.infer<Filters>) ?? {},
          keys: field === "id" ? [] : [field],
          descending: sort.startsWith("-"),
          nullable,
          ...include,
          estimateAll: () => estimateTableRows(ctx.pool, table, ctx.config.databaseSchema),
        },
        page,
      );
      return { ...result, items: result.items.map(toItem) };
    },
  });

  app.get(
    `${spec.prefix}/:id`,
    { config: read, schema: { tags, operationId: `get${Name}`, params: IdParams, response: { 200: spec.item, ...problems(...readErrors, 404) } } as FastifySchema },
    async (request) => {
      const { id } = request.params as { id: string };
      const row = spec.reads ? await spec.reads.get(id) : await spec.model(ctx.prisma).findUnique({ where: { id }, ...include });
      if (!row) throw new NotFoundError(`No ${spec.name} with id ${id}.`);
      return toItem(row);
    },
  );

  // With hand-written reads, a written row is read back the same way, so every response has one shape. A row deleted
  // between the write's commit and the read-back is gone: 404, never the write's own row in another shape (a 500).
  const readBack = async (row: unknown) => {
    if (!spec.reads) return row;
    const { id } = row as { id: string };
    const current = await spec.reads.get(id);
    if (!current) throw new NotFoundError(`No ${spec.name} with id ${id} any more: it was deleted right after this write, which was committed.`);
    return current;
  };

  const inTransaction = <T>(request: FastifyRequest, work: (w: WriteContext) => Promise<T>) =>
    ctx.prisma.$transaction((tx) => work({ tx, user: request.user as AuthUser, app: ctx, request }));

  const create = spec.create;
  if (create) {
    app.post(
      spec.prefix,
      { config: write, schema: { tags, operationId: `create${Name}`, body: create.body, response: { 201: spec.item, ...problems(...writeErrors) } } as FastifySchema },
      async (request, reply) => {
        const body = request.body as z.infer<Create>;
        const row = await inTransaction(request, async (w) => {
          const created = (await spec.model(w.tx).create({ data: await create.data(body, w), ...include })) as { id: string };
          await auditChange(w.tx, request, spec.name, "create", created.id, Object.keys(body as object));
          return created;
        });
        return reply.code(201).send(toItem(await readBack(row)));
      },
    );
  }

  const update = spec.update;
  if (update) {
    app.patch(
      `${spec.prefix}/:id`,
      { config: write, schema: { tags, operationId: `update${Name}`, params: IdParams, body: update.body, response: { 200: spec.item, ...problems(...writeErrors) } } as FastifySchema },
      async (request) => {
        const { id } = request.params as { id: string };
        const body = request.body as z.infer<Update>;
        const row = await inTransaction(request, async (w) => {
          const updated = await spec.model(w.tx).update({ where: { id }, data: await update.data(body, { ...w, id }), ...include });
          await auditChange(w.tx, request, spec.name, "update", id, Object.keys(body as object));
          return updated;
        });
        return toItem(await readBack(row));
      },
    );
  }

  const remove = spec.remove;
  if (remove) {
    app.delete(
      `${spec.prefix}/:id`,
      { config: write, schema: { tags, operationId: `delete${Name}`, params: IdParams, response: { 204: z.null(), ...problems(...writeErrors) } } as FastifySchema },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        await inTransaction(request, async (w) => {
          await remove.before?.(id, w);
          await spec.model(w.tx).delete({ where: { id } });
          await auditChange(w.tx, request, spec.name, "delete", id);
        });
        return reply.code(204).send(null);
      },
    );
  }
}
