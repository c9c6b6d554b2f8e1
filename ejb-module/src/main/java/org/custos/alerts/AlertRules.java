package org.custos.alerts;

import java.time.Duration;

import org.eclipse.microprofile.config.Config;

/**
 * The anomaly rules' thresholds, from MicroProfile Config ({@code custos.alerts.*}; defaults in the packaged
 * configuration). A rule fires when its count is <em>above</em> the threshold within its window.
 */
public record AlertRules(Threshold manyPatients, Threshold denials, Threshold failedLogins, long largeExportResources,
                         WorkingHours workingHours) {

    /** More than {@code count} within {@code window}. */
    public record Threshold(int count, Duration window) {

        /** Which window a moment falls in: one alert per person or source and window. */
        long bucket(long epochSecond) {
            return epochSecond / Math.max(1, window.toSeconds());
        }
    }

    public static AlertRules from(Config config) {
        return new AlertRules(threshold(config, "many-patients"), threshold(config, "denials"),
                threshold(config, "failed-logins"),
                config.getValue("custos.alerts.large-export.resources", Long.class),
                WorkingHours.parse(config.getValue("custos.alerts.working-hours", String.class),
                        config.getValue("custos.alerts.working-days", String.class),
                        config.getValue("custos.alerts.time-zone", String.class)));
    }

    private static Threshold threshold(Config config, String rule) {
        return new Threshold(config.getValue("custos.alerts." + rule + ".count", Integer.class),
                Duration.ofMinutes(config.getValue("custos.alerts." + rule + ".minutes", Integer.class)));
    }
}
