package org.custos.audit;

import jakarta.enterprise.context.ApplicationScoped;

import org.custos.benchmark.OffForBench;

/** The benchmark's switch that turns the audit trail off ({@code custos.audit.off-for-bench}); dev profile only. */
@ApplicationScoped
public class AuditOffForBench extends OffForBench {

    @Override
    protected String key() {
        return "custos.audit.off-for-bench";
    }
}
