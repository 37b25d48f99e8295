import { packageConfig } from "@netraven/vitest-config";

export default packageConfig({ integration: true });
