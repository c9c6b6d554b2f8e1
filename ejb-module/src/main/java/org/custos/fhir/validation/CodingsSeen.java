package org.custos.fhir.validation;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.logging.Logger;

import org.hl7.fhir.validation.codesystem.CodingsObserver;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * Works around a leak in HAPI's core validator (org.hl7.fhir.validation 6.7.9): its {@link CodingsObserver} keeps
 * every coding the validator has seen, each with the node stack leading into that resource's element tree, for a
 * check of IPS SNOMED codes that runs only when asked for (this server does not) and is the only reader of that list.
 * Nothing ever empties it: a core validator holds ~100 KB more after each Synthea resource (313 MB after 3,185, in a
 * probe). Emptying it after each validation lets a core validator be reused for long. The list is private, hence
 * reflection; should a later HAPI version rename it, {@link #CLEARABLE} is false and the validators retire early
 * instead.
 */
final class CodingsSeen {

    private static final Logger LOG = Logger.getLogger(CodingsSeen.class.getName());

    private static final Field OBSERVER = accessible(InstanceValidator.class, "codingObserver");

    private static final Field SEEN = accessible(CodingsObserver.class, "list");

    /** Whether {@link #forget} empties the list in the HAPI version on the class path. */
    static final boolean CLEARABLE = OBSERVER != null && SEEN != null
            && Collection.class.isAssignableFrom(SEEN.getType());

    private CodingsSeen() {
    }

    /** Empties what the validator's coding observer has kept; nothing when {@link #CLEARABLE} is false. */
    static void forget(InstanceValidator validator) {
        if (!CLEARABLE) {
            return;
        }
        try {
            Object observer = OBSERVER.get(validator);
            if (observer != null) {
                ((Collection<?>) SEEN.get(observer)).clear();
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the validator's codings cannot be emptied", e);
        }
    }

    /** How many codings the validator's coding observer holds. */
    static int kept(InstanceValidator validator) throws IllegalAccessException {
        return ((Collection<?>) SEEN.get(OBSERVER.get(validator))).size();
    }

    private static Field accessible(Class<?> owner, String name) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warning(() -> "HAPI's validator has changed (" + owner.getSimpleName() + "." + name
                    + " not found): core validators retire after fewer validations");
            return null;
        }
    }
}
