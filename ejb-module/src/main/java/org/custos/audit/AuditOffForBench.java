package org.custos.audit;

import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.custos.benchmark.BenchSwitches;
import org.eclipse.microprofile.config.Config;

/**
 * The benchmark's switch that turns the audit trail off ({@code custos.audit.off-for-bench}), so that the bench can
 * measure what auditing costs side by side. Accepted in the dev profile only: a deployment that sets it otherwise
 * fails at start, so no production server can run unaudited.
 */
@ApplicationScoped
public class AuditOffForBench {

    private static final Logger LOG = Logger.getLogger(AuditOffForBench.class.getName());

    @Inject
    Config config;

    private volatile boolean off;

    /** Read when the application starts, so that a refused switch fails the deployment, not a request. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object started) {
        off();
    }

    @PostConstruct
    void load() {
        off = BenchSwitches.on(config, "custos.audit.off-for-bench");
        if (off) {
            LOG.warning("custos.audit.off-for-bench: the audit trail is OFF (benchmark twin, dev only)");
        }
    }

    boolean off() {
        return off;
    }
}
