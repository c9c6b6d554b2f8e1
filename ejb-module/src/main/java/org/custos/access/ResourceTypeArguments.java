package org.custos.access;

import java.lang.reflect.Method;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import org.custos.fhir.export.ExportRequest;
import org.custos.fhir.search.SearchQuery;
import org.custos.fhir.store.FhirContexts;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The resource types a call works on, as {@link Requires} says where to find them: fixed by the annotation, or the
 * first parameter that names a type — by its declared type, so that a {@code null} type name (history of every
 * type) is recognized as meaning every type.
 */
final class ResourceTypeArguments {

    private static final FhirContext FHIR = FhirContexts.r4();

    private ResourceTypeArguments() {
    }

    static List<String> of(Requires requires, Method method, Object[] arguments) {
        if (!requires.resourceType().isEmpty()) {
            return List.of(requires.resourceType());
        }
        Class<?>[] declared = method.getParameterTypes();
        for (int i = 0; i < declared.length; i++) {
            Object argument = arguments[i];
            if (declared[i] == String.class) {
                return List.of(argument == null ? SmartScope.ALL_TYPES : (String) argument);
            }
            if (IBaseResource.class.isAssignableFrom(declared[i])) {
                return List.of(FHIR.getResourceType((IBaseResource) argument));
            }
            if (declared[i] == SearchQuery.class) {
                return List.of(((SearchQuery) argument).resourceType());
            }
            if (declared[i] == ExportRequest.class) {
                List<String> types = ((ExportRequest) argument).types();
                return types.isEmpty() ? List.of(SmartScope.ALL_TYPES) : types;
            }
        }
        throw new IllegalStateException("No argument names the resource type of " + method.getName());
    }
}
