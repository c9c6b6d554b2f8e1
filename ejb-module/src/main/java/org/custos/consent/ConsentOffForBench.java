package org.custos.consent;

import jakarta.enterprise.context.ApplicationScoped;

import org.custos.benchmark.OffForBench;

/** The benchmark's switch that turns consent checking off ({@code custos.consent.off-for-bench}); dev profile only. */
@ApplicationScoped
public class ConsentOffForBench extends OffForBench {

    @Override
    protected String key() {
        return "custos.consent.off-for-bench";
    }
}
