/** Splits `repo[:tag][@digest]` (a registry port is not a tag). */
export function parseImageRef(ref: string): { repository: string; tag?: string; digest?: string } {
  const [withoutDigest = "", digest] = ref.split("@", 2);
  const slash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  if (colon > slash) return { repository: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
  return { repository: withoutDigest, digest };
}

/**
 * Why a third-party image reference is not pinned, or undefined when it is: a
 * digest, or a tag carrying at least major.minor (`postgres:15.18-bookworm`).
 */
export function unpinnedReason(ref: string): string | undefined {
  const { tag, digest } = parseImageRef(ref);
  if (digest) return undefined;
  if (!tag) return `${ref} has no tag (that means :latest)`;
  if (tag === "latest") return `${ref} uses :latest`;
  if (!/^v?\d+\.\d+/.test(tag)) return `${ref} is not pinned to a version (use at least major.minor)`;
  return undefined;
}
