/**
 * Cron expressions in two dialects and the schedule calculator of docs/schedules.md.
 *
 * <p>{@link dev.cronstone.schedule.CronExpression#parse} picks the dialect by field count: 5 fields
 * or a macro is Unix cron (as cronie), 6 or 7 fields is Quartz. {@link
 * dev.cronstone.schedule.Schedule} computes fire instants in a zone by walking the zone's offset
 * segments: inside a segment wall time grows with the instant, so each expression's next matching
 * wall time is found field by field (years, months, days, then hour/minute/second bit sets), never
 * second by second. Rule 1 expressions (hour field = all 24 hours) fire at every instant whose wall
 * time matches; rule 2 expressions skip the wall times a fall-back repeats and fire the wall times
 * a spring-forward skips at {@code ZonedDateTime.ofLocal(w, zone, null)}; equal instants fire once,
 * preferring the unshifted wall time. Fire times lie in local years 1970-2199.
 *
 * <h2>Deliberate differences from cronie (Unix dialect)</h2>
 *
 * <ul>
 *   <li>{@code N/step} is rejected, as cronie does (its {@code get_range} accepts a step only after
 *       {@code *} or a range; cronie PR #208 removed a {@code 0/35} example from crontab(5) for
 *       that reason).
 *   <li>Macros are case-insensitive ({@code @DAILY}); cronie knows only lower case. {@code @reboot}
 *       is rejected: it is not a schedule.
 *   <li>cronie ignores what follows {@code *} up to the next blank ({@code *5} reads as {@code *});
 *       we reject it.
 * </ul>
 *
 * <h2>Deliberate differences from Quartz 2.5.2's parser</h2>
 *
 * Quartz's hand-written parser ignores trailing characters and misreads some inputs; we reject
 * those rather than guess. Checked by {@code QuartzParityProperties}.
 *
 * <ul>
 *   <li>Step 0 ({@code *}{@code /0}, {@code 0/0}, {@code 1-5/0}): Quartz reads it as no step or a
 *       single value; we reject it.
 *   <li>Years outside 1970-2199: Quartz accepts any number and never fires after its MAX_YEAR (this
 *       year + 100). Conversely, a year step starting after Quartz's MAX_YEAR ({@code 2150/5}) is
 *       rejected by Quartz today and accepted by us.
 *   <li>0 as the end of a day-of-month, month or day-of-week range ({@code 5-0}): Quartz wraps it
 *       to the field's maximum; we reject it as out of range. Likewise {@code 0W} and {@code 8#2}.
 *   <li>{@code #} together with other days ({@code 6#3,2}): Quartz applies the {@code #} to the
 *       smallest day of the list; we reject it (as Quartz itself does for {@code L}).
 *   <li>Trailing characters Quartz ignores ({@code 5X}, {@code 1-5W}, {@code JANUARY}, {@code ?X},
 *       {@code *X}), {@code L} in the month or year field (a no-op to Quartz), empty list items
 *       ({@code 1,,2}) and '?' inside a list: rejected.
 * </ul>
 *
 * <h2>Where Quartz's computation disagrees with its documentation, we follow the documentation</h2>
 *
 * <ul>
 *   <li>A step after month or day names ({@code JAN-JUN/2}, {@code MON/2}) is ignored by Quartz; we
 *       apply it.
 *   <li>Quartz's nearest-weekday search misses fires when it starts after the nominal day ({@code
 *       15W} falling on Monday the 16th is skipped when searched from the 16th); we match the
 *       nearest weekday on every search. A month without day n has no {@code nW} fire.
 *   <li>Daylight saving: the rules of docs/schedules.md, not Quartz's (which drops a skipped 02:30
 *       and fires a repeated 01:30 at its second occurrence).
 * </ul>
 */
package dev.cronstone.schedule;
