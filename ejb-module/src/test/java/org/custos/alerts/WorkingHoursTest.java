package org.custos.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class WorkingHoursTest {

    private static final String WEEKDAYS = "MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY";

    @Test
    void aWeekdayDaytimeAccessIsInsideAndANightOrWeekendOneIsOutside() {
        WorkingHours hours = WorkingHours.parse("07:00-19:00", WEEKDAYS, "Europe/Berlin");
        // Wednesday 2026-11-25, 10:00 in Berlin (09:00 UTC)
        assertTrue(hours.includes(Instant.parse("2026-11-25T09:00:00Z")));
        assertFalse(hours.includes(Instant.parse("2026-11-25T18:30:00Z")), "19:30 in Berlin");
        assertFalse(hours.includes(Instant.parse("2026-11-25T05:59:00Z")), "06:59 in Berlin");
        assertTrue(hours.includes(Instant.parse("2026-11-25T06:00:00Z")), "07:00 in Berlin, inclusive");
        assertFalse(hours.includes(Instant.parse("2026-11-28T10:00:00Z")), "Saturday");
    }

    @Test
    void aNightShiftRunsPastMidnightIntoTheNextDay() {
        WorkingHours nights = WorkingHours.parse("22:00-06:00", "FRIDAY", "UTC");
        assertTrue(nights.includes(Instant.parse("2026-11-27T23:00:00Z")), "Friday night");
        assertTrue(nights.includes(Instant.parse("2026-11-28T05:00:00Z")), "Saturday early: Friday's shift");
        assertFalse(nights.includes(Instant.parse("2026-11-28T23:00:00Z")), "Saturday night");
        assertFalse(nights.includes(Instant.parse("2026-11-27T05:00:00Z")), "Friday early: Thursday's shift");
    }

    @Test
    void equalStartAndEndMeanNoWorkingHoursAtAll() {
        WorkingHours none = WorkingHours.parse("00:00-00:00", WEEKDAYS, "UTC");
        assertFalse(none.includes(Instant.parse("2026-11-25T12:00:00Z")));
    }

    @Test
    void theLocalDateIsTheHospitals() {
        WorkingHours hours = WorkingHours.parse("07:00-19:00", WEEKDAYS, "America/New_York");
        assertEquals("2026-11-24", hours.localDate(Instant.parse("2026-11-25T03:00:00Z")));
    }

    @Test
    void aMalformedSpanIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WorkingHours.parse("7-19-20", WEEKDAYS, "UTC"));
    }
}
