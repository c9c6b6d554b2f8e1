package org.custos.fhir.store;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;

/**
 * The one FhirContext of the application. Creating a context scans every model class and costs seconds, so HAPI's
 * process-wide cached R4 context is shared by the store, the indexer, the validator and the REST server.
 */
public final class FhirContexts {

    static {
        // HAPI's default parser error handler logs each invalid value it meets ("Invalid attribute value 'x'"),
        // and such values are PHI; it also fails the parse on them, which hides where the problem is. So invalid
        // values are kept silently and the validator then refuses the resource naming the path (422).
        FhirContext.forR4Cached().setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false));
    }

    private FhirContexts() {
    }

    public static FhirContext r4() {
        return FhirContext.forR4Cached();
    }
}
