import type { User } from "@netraven/db-schema";
import { hashPassword } from "@netraven/runtime/password";
import type { FastifyInstance } from "fastify";
import { z } from "zod";

import { checkPasswordPolicy, MIN_PASSWORD_LENGTH } from "../auth/password-policy.js";
import { readSecuritySettings } from "../auth/security-settings.js";
import { ConflictError } from "../errors.js";
import { iso, Timestamp } from "./common-schemas.js";
import { registerCrud } from "./crud.js";

export const UserSchema = z
  .object({
    id: z.uuid(),
    username: z.string(),
    email: z.string(),
    fullName: z.string().nullable(),
    isActive: z.boolean(),
    isAdmin: z.boolean(),
    lastLoginAt: Timestamp.nullable(),
    lockedUntil: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "User" });

/** Password shape; the password-policy settings are checked on top (auth/password-policy.ts). */
export const PasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(256)
  .describe("Checked against the admin settings security.password_policy.* (length, upper, lower, digit, special).")
  .meta({ examples: ["Correct-Horse-Battery-9"] });

const writable = {
  email: z.email().max(100),
  fullName: z.string().max(120).nullable().optional(),
  password: PasswordSchema.meta({ writeOnly: true }),
  isActive: z.boolean().optional(),
  isAdmin: z.boolean().optional(),
};
const CreateUser = z
  .strictObject({ username: z.string().min(3).max(50).regex(/^[A-Za-z0-9._-]+$/, "letters, digits, '.', '_' or '-'"), ...writable })
  .meta({ id: "UserCreate" });
const UpdateUser = z.strictObject(writable).partial().meta({ id: "UserUpdate" });

const toUser = (row: User): z.input<typeof UserSchema> => ({
  id: row.id,
  username: row.username,
  email: row.email,
  fullName: row.fullName,
  isActive: row.isActive,
  isAdmin: row.isAdmin,
  lastLoginAt: iso(row.lastLoginAt),
  lockedUntil: iso(row.lockedUntil),
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

/** /api/users, administrators only. Nobody can delete, disable or demote themselves (no lock-out by accident). */
export async function userRoutes(app: FastifyInstance): Promise<void> {
  registerCrud(app, {
    name: "user",
    plural: "users",
    prefix: "/api/users",
    model: (db) => db.user,
    item: UserSchema,
    toItem: toUser,
    filters: z.object({ username: z.string().max(50).optional().describe("Username contains (case-insensitive).") }),
    where: (f) => (f.username ? { username: { contains: f.username, mode: "insensitive" } } : {}),
    sortFields: ["username", "email", "createdAt"],
    defaultSort: "username",
    access: { read: "admin", write: "admin" },
    create: {
      body: CreateUser,
      async data({ password, ...fields }, { app }) {
        checkPasswordPolicy(password, (await readSecuritySettings(app.prisma)).password);
        return { ...fields, passwordHash: await hashPassword(password) };
      },
    },
    update: {
      body: UpdateUser,
      async data({ password, ...fields }, { id, user, tx, app }) {
        if (id === user.id && (fields.isAdmin === false || fields.isActive === false)) {
          throw new ConflictError("You cannot disable or demote your own account; ask another administrator.");
        }
        const current = await tx.user.findUnique({ where: { id }, select: { isActive: true, isAdmin: true } });
        // A new password, a disable/enable or a role change revokes the user's tokens (authenticate.ts).
        const revoke =
          password !== undefined ||
          (fields.isActive !== undefined && fields.isActive !== current?.isActive) ||
          (fields.isAdmin !== undefined && fields.isAdmin !== current?.isAdmin);
        const revocation = revoke ? { tokenVersion: { increment: 1 } } : {};
        if (password === undefined) return { ...fields, ...revocation };
        checkPasswordPolicy(password, (await readSecuritySettings(app.prisma)).password);
        return { ...fields, ...revocation, passwordHash: await hashPassword(password), failedLoginCount: 0, lockedUntil: null };
      },
    },
    remove: {
      before(id, { user }) {
        if (id === user.id) throw new ConflictError("You cannot delete your own account; ask another administrator.");
      },
    },
  });
}
