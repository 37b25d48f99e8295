import { randomBytes } from "node:crypto";

import { describe, expect, it } from "vitest";

import { credentialAad, decryptSecret, parseKeyring } from "../../src/index.js";
import { settingAad } from "../../src/resources/setting-secrets.js";
import { createUserToken, newKey, testServerConfig, useTestApp } from "../helpers/test-app.js";

// Unique markers: if any of them shows up in a response or a log line, a secret leaked.
const PASSWORD = `pw-${randomBytes(16).toString("hex")}`;
const PRIVATE_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${randomBytes(48).toString("base64")}\n-----END OPENSSH PRIVATE KEY-----`;
const NEW_PASSWORD = `pw2-${randomBytes(16).toString("hex")}`;
const SECRETS = [PASSWORD, PRIVATE_KEY, NEW_PASSWORD, PRIVATE_KEY.split("\n")[1] ?? "x", "smtp-Secret-42"];

const KEY_1 = newKey("k1");
const t = useTestApp({ keyring: parseKeyring(KEY_1) });

interface Credential {
  id: string;
  hasPassword: boolean;
  hasPrivateKey: boolean;
  keyId: string | null;
  tags: { tagName: string; priority: number }[];
}

const bodies: string[] = [];
async function call(...args: Parameters<ReturnType<typeof t>["call"]>) {
  const response = await t().call(...args);
  bodies.push(response.body, JSON.stringify(response.headers));
  return response;
}

async function create(name: string, extra: Record<string, unknown> = {}): Promise<Credential> {
  const response = await call("POST", "/api/credentials", { token: t().adminToken, body: { name, username: "netops", ...extra } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as Credential;
}

describe("credentials", () => {
  it("stores secrets as AES-256-GCM bound to the row, and returns only hasPassword/hasPrivateKey", async () => {
    const credential = await create("core-ro", { password: PASSWORD, privateKey: PRIVATE_KEY });
    expect(credential).toMatchObject({ hasPassword: true, hasPrivateKey: true, keyId: "k1" });
    expect(Object.keys(credential)).not.toContain("password");
    const row = await t().db.prisma.credential.findUniqueOrThrow({ where: { id: credential.id } });
    const ciphertext = Buffer.from(row.passwordCiphertext ?? new Uint8Array());
    expect(ciphertext.includes(Buffer.from(PASSWORD))).toBe(false);
    const keyring = parseKeyring(KEY_1);
    expect(decryptSecret(keyring, "k1", ciphertext, credentialAad(credential.id, "password"))).toBe(PASSWORD);
    // Bound to its row and field: the same blob under another id or field does not decrypt.
    expect(() => decryptSecret(keyring, "k1", ciphertext, credentialAad(randomBytes(16).toString("hex"), "password"))).toThrow();
    expect(() => decryptSecret(keyring, "k1", ciphertext, credentialAad(credential.id, "private_key"))).toThrow();
  });

  it("keeps an omitted secret, replaces a given one and clears on null", async () => {
    const credential = await create("keep-clear", { password: PASSWORD });
    const renamed = await call("PATCH", `/api/credentials/${credential.id}`, { token: t().adminToken, body: { description: "edited" } });
    expect(renamed.json()).toMatchObject({ hasPassword: true });
    const replaced = await call("PATCH", `/api/credentials/${credential.id}`, { token: t().adminToken, body: { password: NEW_PASSWORD } });
    expect(replaced.json()).toMatchObject({ hasPassword: true });
    const cleared = await call("PATCH", `/api/credentials/${credential.id}`, { token: t().adminToken, body: { password: null } });
    expect(cleared.json()).toMatchObject({ hasPassword: false, hasPrivateKey: false, keyId: null });
  });

  it("lets non-admins read but not write credentials", async () => {
    const user = await createUserToken(t());
    expect((await call("GET", "/api/credentials", { token: user.token })).statusCode).toBe(200);
    const denied = await call("POST", "/api/credentials", { token: user.token, body: { name: "nope", username: "x", password: PASSWORD } });
    expect(denied.statusCode).toBe(403);
  });

  it("lists the credentials of a device in the order they would be tried", async () => {
    const token = t().adminToken;
    const tag = async (name: string) => ((await call("POST", "/api/tags", { token, body: { name } })).json() as { id: string }).id;
    const [siteTag, coreTag] = [await tag("cred-site"), await tag("cred-core")];
    const device = (await call("POST", "/api/devices", { token, body: { hostname: "cred-dev.test", ipAddress: "192.0.2.77", deviceType: "cisco_ios", tagIds: [siteTag, coreTag] } })).json() as { id: string };
    const fallback = await create("order-fallback", { password: PASSWORD });
    const primary = await create("order-primary", { password: PASSWORD });
    const recent = await create("order-recent", { password: PASSWORD });
    const unrelated = await create("order-unrelated", { password: PASSWORD });
    const link = (id: string, tagId: string, priority: number) => call("PUT", `/api/credentials/${id}/tags/${tagId}`, { token, body: { priority } });
    expect((await link(fallback.id, siteTag, 500)).statusCode).toBe(200);
    await link(primary.id, siteTag, 900);
    await link(primary.id, coreTag, 10);
    await link(recent.id, siteTag, 500);
    const other = await tag("cred-other");
    await link(unrelated.id, other, 1);
    // Equal priority: the credential that last succeeded goes first.
    await t().db.prisma.credential.update({ where: { id: recent.id }, data: { lastSuccess: new Date() } });

    const response = await call("GET", `/api/devices/${device.id}/credentials`, { token });
    const items = (response.json() as { items: { name: string; priority: number; matchedTags: string[] }[] }).items;
    expect(items.map((c) => [c.name, c.priority])).toEqual([
      ["order-primary", 10],
      ["order-recent", 500],
      ["order-fallback", 500],
    ]);
    expect(items[0]?.matchedTags).toEqual(["cred-core", "cred-site"]);
    expect((await call("GET", "/api/devices/00000000-0000-4000-8000-000000000003/credentials", { token })).statusCode).toBe(404);
    expect((await call("DELETE", `/api/credentials/${primary.id}/tags/${coreTag}`, { token })).statusCode).toBe(204);
    expect((await call("PUT", `/api/credentials/${primary.id}/tags/00000000-0000-4000-8000-000000000004`, { token, body: { priority: 1 } })).statusCode).toBe(404);
  });

  it("re-encrypts every secret under a new active key and keeps them readable", async () => {
    const before = await create("rotate-me", { password: PASSWORD, privateKey: PRIVATE_KEY });
    const smtp = "notification.email.smtp_password";
    expect((await call("PUT", `/api/admin-settings/${smtp}`, { token: t().adminToken, body: { value: "smtp-Secret-42" } })).statusCode).toBe(200);
    const key2 = newKey("k2");
    const rotated = await t().spawn({ ...testServerConfig(), keyring: parseKeyring(`${key2},${KEY_1}`) });
    const report = await rotated.call("POST", "/api/credentials/rotate-keys", { token: rotated.adminToken });
    bodies.push(report.body);
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({ activeKeyId: "k2", failed: [] });
    expect((report.json() as { rotated: number }).rotated).toBeGreaterThanOrEqual(1);
    const row = await t().db.prisma.credential.findUniqueOrThrow({ where: { id: before.id } });
    expect(row.keyId).toBe("k2");
    const onlyNewKey = parseKeyring(key2);
    expect(decryptSecret(onlyNewKey, "k2", row.passwordCiphertext ?? new Uint8Array(), credentialAad(before.id, "password"))).toBe(PASSWORD);
    expect(decryptSecret(onlyNewKey, "k2", row.privateKeyCiphertext ?? new Uint8Array(), credentialAad(before.id, "private_key"))).toBe(PRIVATE_KEY);
    // Sensitive admin settings are sealed the same way and rotate with the credentials.
    expect(report.json()).toMatchObject({ settingsRotated: 1 });
    const setting = (await t().db.prisma.adminSetting.findUniqueOrThrow({ where: { key: smtp } })).value as { sealed: string; keyId: string };
    expect(setting.keyId).toBe("k2");
    expect(JSON.parse(decryptSecret(onlyNewKey, "k2", Buffer.from(setting.sealed, "base64"), settingAad(smtp)))).toBe("smtp-Secret-42");
    const again = await rotated.call("POST", "/api/credentials/rotate-keys", { token: rotated.adminToken });
    expect(again.json()).toMatchObject({ rotated: 0, settingsRotated: 0 });
    bodies.push(rotated.logs());
  });

  it("never shows a secret in any response, audit row or log line", async () => {
    // Also a rejected request that carries a secret in a malformed body.
    await call("POST", "/api/credentials", { token: t().adminToken, body: `{"name":"bad","password":"${PASSWORD}"`, headers: { "content-type": "application/json" } });
    await call("POST", "/api/credentials", { token: t().adminToken, body: { name: 5, password: PASSWORD } });
    const audit = await call("GET", "/api/audit-logs?limit=1000&targetType=credential", { token: t().adminToken });
    expect((audit.json() as { total: number }).total).toBeGreaterThan(5);
    const everything = [...bodies, t().logs()].join("\n");
    expect(t().logs().length).toBeGreaterThan(1000);
    for (const secret of SECRETS) expect(everything.includes(secret), "a secret leaked").toBe(false);
  });
});
