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
        // Before encoding a resource, HAPI's encoder walks every element of it for references that hold an in-memory
        // resource without an id, to contain that resource. References here are always written as strings (parsed
        // from what clients send, or built so), so the walk never finds one; it was ~3 % of an ingest's CPU, which
        // encodes every resource twice (for the validator and for storage). Contained resources are still written.
        FhirContext.forR4Cached().getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
    }

    private FhirContexts() {
    }

    public static FhirContext r4() {
        return FhirContext.forR4Cached();
    }
}
