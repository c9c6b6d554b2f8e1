package org.custos.fhir.search;

import jakarta.ejb.ApplicationException;

/**
 * A search the server cannot answer as asked (400): an unknown or unsupported parameter, modifier or value format.
 * Messages name parameters and modifiers only, never the searched values, which may be PHI.
 */
@ApplicationException(rollback = true)
public class SearchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private SearchException(String message) {
        super(message);
    }

    static SearchException invalid(String message) {
        return new SearchException(message);
    }

    static SearchException unsupported(String param, String modifier) {
        return new SearchException("Modifier ':" + modifier + "' is not supported for search parameter '" + param + "'");
    }

    static SearchException badValue(String param) {
        return new SearchException("A value of search parameter '" + param + "' has the wrong format");
    }
}
