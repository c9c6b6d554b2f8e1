package org.custos.fhir.store;

import java.util.List;

import jakarta.ejb.ApplicationException;

import org.custos.fhir.validation.InvalidElement;

/**
 * A request the store refuses, with the HTTP status it deserves. Messages name resource types and ids only, never
 * resource content, because they reach responses and logs. Rolls the transaction back: nothing is stored.
 */
@ApplicationException(rollback = true)
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final List<InvalidElement> invalidElements;

    private StoreException(int status, String message) {
        this(status, message, List.of());
    }

    private StoreException(int status, String message, List<InvalidElement> invalidElements) {
        super(message);
        this.status = status;
        this.invalidElements = List.copyOf(invalidElements);
    }

    public int status() {
        return status;
    }

    /** What failed validation, for a 422; empty otherwise. */
    public List<InvalidElement> invalidElements() {
        return invalidElements;
    }

    static StoreException failsValidation(String type, List<InvalidElement> errors) {
        return new StoreException(422, "The " + type + " does not conform to FHIR R4 (" + errors.size() + " error"
                + (errors.size() == 1 ? ")" : "s)"), errors);
    }

    public static StoreException notFound(String type, String id) {
        return new StoreException(404, "Resource " + type + "/" + id + " is not known");
    }

    static StoreException gone(String type, String id) {
        return new StoreException(410, "Resource " + type + "/" + id + " has been deleted");
    }

    static StoreException versionConflict(String type, String id) {
        return new StoreException(412, "Resource " + type + "/" + id + " has changed: the expected version is not current");
    }

    static StoreException ambiguousCondition(String type) {
        return new StoreException(412, "The condition matches more than one " + type);
    }

    static StoreException invalid(String message) {
        return new StoreException(400, message);
    }
}
