package org.custos.fhir.store;

import ca.uhn.fhir.context.FhirContext;

/**
 * The one FhirContext of the application. Creating a context scans every model class and costs seconds, so HAPI's
 * process-wide cached R4 context is shared by the store, the indexer and the REST server.
 */
public final class FhirContexts {

    private FhirContexts() {
    }

    public static FhirContext r4() {
        return FhirContext.forR4Cached();
    }
}
