export { hashPassword, needsRehash, verifyPassword } from "./password-hash.js";
