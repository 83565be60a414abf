package dev.cronstone.view;

import java.util.List;

/**
 * A page of a run's events after {@code after}; {@code nextAfter} is the {@code after} of the next
 * page, and {@code terminal} says the run has ended (with no more events when the page was not
 * full). Schema {@code EventPage}.
 */
public record EventPage(
    String runId, List<EventView> events, long nextAfter, String runStatus, boolean terminal) {}
