import base from "@netraven/eslint-config";

export default base;
