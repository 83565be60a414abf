package dev.cronstone.metrics;

/**
 * What the cached store gauges show, read from the store every few seconds (never per scrape).
 *
 * @param alive registered nodes that check in
 * @param dead registered nodes that stopped checking in without a clean stop
 * @param stopped registered nodes that stopped cleanly
 * @param waitingForSlot runs waiting for a free slot of their job (overlap {@code queue}), cluster
 *     wide
 */
public record StoreSnapshot(int alive, int dead, int stopped, int waitingForSlot) {}
