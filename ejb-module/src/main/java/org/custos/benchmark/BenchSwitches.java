package org.custos.benchmark;

import org.eclipse.microprofile.config.Config;

/** Reads a benchmark switch: on only when set, and refused when set outside the dev profile. */
public final class BenchSwitches {

    private BenchSwitches() {
    }

    /** @throws IllegalStateException when the switch is set outside the dev profile: the deployment must fail */
    public static boolean on(Config config, String key) {
        boolean requested = config.getOptionalValue(key, Boolean.class).orElse(false);
        if (requested && !"dev".equals(config.getOptionalValue("custos.profile", String.class).orElse("production"))) {
            throw new IllegalStateException(key + " is a benchmark switch of the dev profile only");
        }
        return requested;
    }
}
