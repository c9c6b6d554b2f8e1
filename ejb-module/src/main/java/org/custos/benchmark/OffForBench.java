package org.custos.benchmark;

import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

/**
 * A benchmark's switch that turns one safeguard off, so that the bench can measure what it costs side by side.
 * Accepted in the dev profile only ({@link BenchSwitches}): a deployment that sets it otherwise fails at start, so
 * no production server runs without the safeguard. Subclasses are application-scoped beans naming their key.
 */
public abstract class OffForBench {

    private static final Logger LOG = Logger.getLogger(OffForBench.class.getName());

    @Inject
    Config config;

    private volatile boolean off;

    /** @return the MicroProfile Config key of the switch */
    protected abstract String key();

    /** Read when the application starts, so that a refused switch fails the deployment, not a request. */
    protected void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object started) {
        off();
    }

    @PostConstruct
    protected void load() {
        off = BenchSwitches.on(config, key());
        if (off) {
            LOG.warning(key() + ": switched OFF (benchmark twin, dev only)");
        }
    }

    public boolean off() {
        return off;
    }
}
