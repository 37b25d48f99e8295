/**
 * The channel migration 20261201193000_user_change_notify's triggers notify
 * when a user row changes or goes (payload: the user's id) or the table is
 * truncated (payload: "*"). The API drops its in-memory copy of that user on
 * each notification; its copy is only as good as these triggers, so it checks
 * they exist and are enabled before it keeps any.
 */
export const USER_CHANGE_CHANNEL = "netraven_user_changed";

/** Payload of a notification that concerns every user (TRUNCATE). */
export const ALL_USERS_CHANGED = "*";

/** The triggers on `users` that send those notifications. */
export const USER_CHANGE_TRIGGERS = ["users_notify_change", "users_notify_truncate"] as const;
