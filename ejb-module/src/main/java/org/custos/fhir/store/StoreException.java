package org.custos.fhir.store;

import jakarta.ejb.ApplicationException;

/**
 * A request the store refuses, with the HTTP status it deserves. Messages name resource types and ids only, never
 * resource content, because they reach responses and logs. Rolls the transaction back: nothing is stored.
 */
@ApplicationException(rollback = true)
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    private StoreException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static StoreException notFound(String type, String id) {
        return new StoreException(404, "Resource " + type + "/" + id + " is not known");
    }

    static StoreException versionNotFound(String type, String id, long version) {
        return new StoreException(404, "Resource " + type + "/" + id + " has no version " + version);
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
