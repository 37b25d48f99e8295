import type { AdminSetting } from "@netraven/db-schema";
import { Prisma } from "@netraven/db-schema";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { recordAudit } from "../audit/record-audit.js";
import { NotFoundError, ValidationError } from "../errors.js";
import { iso, problems, Timestamp } from "./common-schemas.js";
import { settingValueSchema } from "./admin-setting-values.js";
import { nullableIn, registerList } from "./crud.js";
import { pageQuery } from "./pagination.js";
import { readPrismaPage } from "./prisma-page.js";
import { sealSetting } from "./setting-secrets.js";

/** What a sensitive setting's value looks like in every response. */
export const MASK = "********";

export const AdminSettingSchema = z
  .object({
    key: z.string(),
    value: z.unknown().nullable(),
    valueType: z.string(),
    category: z.string(),
    description: z.string().nullable(),
    isRequired: z.boolean(),
    isSensitive: z.boolean(),
    displayOrder: z.number().int(),
    updatedAt: Timestamp,
  })
  .meta({ id: "AdminSetting" });

const KeyParams = z.object({ key: z.string().regex(/^[a-z0-9_.-]{1,255}$/, "lowercase letters, digits, '.', '_' or '-'") });
const UpdateSetting = z
  .strictObject({
    value: z
      .union([z.string().max(10_000), z.number(), z.boolean(), z.null()])
      .describe("The new value; each setting has its own type and bounds (see docs/api.md). `null` clears an optional setting.")
      .meta({ examples: [15] }),
  })
  .meta({ id: "AdminSettingUpdate" });

const toSetting = (row: AdminSetting): z.input<typeof AdminSettingSchema> => ({
  key: row.key,
  value: row.isSensitive && row.value !== null ? MASK : row.value,
  valueType: row.valueType,
  category: row.category,
  description: row.description,
  isRequired: row.isRequired,
  isSensitive: row.isSensitive,
  displayOrder: row.displayOrder,
  updatedAt: iso(row.updatedAt),
});

// Each known setting has its own schema with bounds (admin-setting-values.ts).
function checkValue(row: AdminSetting, value: unknown): void {
  const fail = (detail: string) => {
    throw new ValidationError(`Invalid value for ${row.key}: ${detail}.`, [{ pointer: "/value", in: "body", detail }]);
  };
  if (value === null) {
    if (row.isRequired) fail("this setting is required");
    return;
  }
  const schema = settingValueSchema(row.key, row.valueType);
  if (!schema) return;
  const result = schema.safeParse(value);
  if (!result.success) fail(result.error.issues.map((issue) => issue.message).join("; "));
}

/** /api/admin-settings (administrators): read and change settings. Sensitive values are never shown. */
export async function adminSettingRoutes(app: FastifyInstance): Promise<void> {
  const { prisma, config } = app.netraven;
  const zapp = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["admin-settings"];
  const query = pageQuery(["key", "category", "displayOrder"], "category").extend({ category: z.string().max(50).optional() });

  registerList(app, {
    url: "/api/admin-settings",
    operationId: "listAdminSettings",
    tags,
    admin: true,
    query,
    item: AdminSettingSchema,
    async fetch({ sort, category }, _params, page) {
      const field = sort.replace(/^-/, "");
      // Within a category, settings keep their display order.
      const keys = field === "category" ? ["category", "displayOrder"] : [field];
      const where = category ? { category } : {};
      const result = await readPrismaPage({ model: prisma.adminSetting, where, keys, descending: sort.startsWith("-"), nullable: nullableIn(AdminSettingSchema) }, page);
      return { ...result, items: result.items.map((row) => toSetting(row as unknown as AdminSetting)) };
    },
  });

  zapp.get(
    "/api/admin-settings/:key",
    { config: { admin: true }, schema: { tags, operationId: "getAdminSetting", params: KeyParams, response: { 200: AdminSettingSchema, ...problems(401, 403, 404, 422) } } },
    async (request) => {
      const row = await prisma.adminSetting.findUnique({ where: { key: request.params.key } });
      if (!row) throw new NotFoundError(`No setting ${request.params.key}.`);
      return toSetting(row);
    },
  );

  zapp.put(
    "/api/admin-settings/:key",
    {
      config: { admin: true },
      schema: { tags, operationId: "updateAdminSetting", params: KeyParams, body: UpdateSetting, response: { 200: AdminSettingSchema, ...problems(401, 403, 404, 422) } },
    },
    async (request) => {
      const { key } = request.params;
      const row = await prisma.$transaction(async (tx) => {
        const current = await tx.adminSetting.findUnique({ where: { key } });
        if (!current) throw new NotFoundError(`No setting ${key}.`);
        checkValue(current, request.body.value);
        const { value } = request.body;
        // A sensitive value (the SMTP password) is stored encrypted, like device credentials.
        const stored = value === null ? Prisma.DbNull : current.isSensitive ? sealSetting(config.keyring, key, value) : value;
        const updated = await tx.adminSetting.update({ where: { key }, data: { value: stored } });
        await recordAudit(tx, request, {
          eventType: "admin",
          eventName: "admin-setting.update",
          targetType: "admin-setting",
          targetId: key,
          description: `Changed setting ${key}`,
          status: "success",
        });
        return updated;
      });
      return toSetting(row);
    },
  );
}
