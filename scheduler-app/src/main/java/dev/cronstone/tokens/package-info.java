/**
 * The API's bearer tokens kept in the store, one set for the whole cluster: generated on a first
 * start, rotated with an overlap, revoked. Only SHA-256 digests are stored; a plain token is shown
 * once, to whoever made it.
 */
package dev.cronstone.tokens;
