// `pnpm --filter db-schema db:seed`: local sample data for development only.
// Default data (settings, default tag, admin) is seeded by schema-init.
import { createDbClient } from "../client/create-db-client.js";
import { loadConfig } from "../config.js";
import { createDevice, createTag } from "./factories.js";

const { DATABASE_URL } = loadConfig();
if (!DATABASE_URL) {
  console.error("DATABASE_URL is not set: point it at a development database migrated by schema-init.");
  process.exitCode = 78;
} else {
  const db = createDbClient({ url: DATABASE_URL });
  try {
    const tag = await createTag(db.prisma, { name: `sample-${Date.now().toString(36)}` });
    for (let i = 0; i < 10; i++) {
      const device = await createDevice(db.prisma);
      await db.prisma.deviceTag.create({ data: { deviceId: device.id, tagId: tag.id } });
    }
    console.error(`Seeded 10 sample devices tagged ${tag.name}.`);
  } finally {
    await db.close();
  }
}
