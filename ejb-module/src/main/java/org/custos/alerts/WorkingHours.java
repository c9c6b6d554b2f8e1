package org.custos.alerts;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The hospital's working hours: a daily time span on working days, in its time zone. A span whose start equals its
 * end holds no time at all (every moment is outside working hours); a span ending before it starts runs past
 * midnight (a night shift).
 */
public record WorkingHours(LocalTime start, LocalTime end, Set<DayOfWeek> days, ZoneId zone) {

    public WorkingHours {
        days = Set.copyOf(days);
    }

    /**
     * @param span "HH:MM-HH:MM"
     * @param days comma-separated day names, e.g. "MONDAY,TUESDAY"
     */
    public static WorkingHours parse(String span, String days, String zone) {
        String[] ends = span.trim().split("-");
        if (ends.length != 2) {
            throw new IllegalArgumentException("custos.alerts.working-hours is HH:MM-HH:MM");
        }
        Set<DayOfWeek> working = EnumSet.noneOf(DayOfWeek.class);
        Arrays.stream(days.split(",")).map(String::trim).filter(day -> !day.isEmpty())
                .map(DayOfWeek::valueOf).forEach(working::add);
        return new WorkingHours(LocalTime.parse(ends[0].trim()), LocalTime.parse(ends[1].trim()), working,
                ZoneId.of(zone.trim()));
    }

    public boolean includes(Instant moment) {
        ZonedDateTime local = moment.atZone(zone);
        LocalTime time = local.toLocalTime();
        if (start.equals(end)) {
            return false;
        }
        if (start.isBefore(end)) {
            return days.contains(local.getDayOfWeek()) && !time.isBefore(start) && time.isBefore(end);
        }
        // Past midnight: the evening belongs to this day's shift, the early morning to the previous day's.
        return time.isBefore(end) ? days.contains(local.getDayOfWeek().minus(1))
                : days.contains(local.getDayOfWeek()) && !time.isBefore(start);
    }

    /** The local date of a moment, which after-hours alerts are counted by. */
    public String localDate(Instant moment) {
        return moment.atZone(zone).toLocalDate().toString();
    }
}
