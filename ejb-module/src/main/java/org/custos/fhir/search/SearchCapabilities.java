package org.custos.fhir.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * Which R4 search parameters this server answers: the one list both the search ({@link CriterionSql}) and the
 * CapabilityStatement use, so that what the server claims is what it does.
 */
public final class SearchCapabilities {

    private static final Set<RestSearchParameterTypeEnum> SUPPORTED_TYPES = Set.of(RestSearchParameterTypeEnum.TOKEN,
            RestSearchParameterTypeEnum.STRING, RestSearchParameterTypeEnum.DATE, RestSearchParameterTypeEnum.NUMBER,
            RestSearchParameterTypeEnum.QUANTITY, RestSearchParameterTypeEnum.REFERENCE, RestSearchParameterTypeEnum.URI);

    private SearchCapabilities() {
    }

    static boolean isSupported(RuntimeResourceDefinition definition, RuntimeSearchParam param) {
        return SUPPORTED_TYPES.contains(param.getParamType())
                || param.getParamType() == RestSearchParameterTypeEnum.SPECIAL && "near".equals(param.getName())
                || param.getParamType() == RestSearchParameterTypeEnum.COMPOSITE
                && CompositeParameters.components(definition, param).isPresent();
    }

    /** The search parameters of a resource type that searches, sorts and the CapabilityStatement accept. */
    public static List<RuntimeSearchParam> supportedParameters(FhirContext fhirContext, String resourceType) {
        List<RuntimeSearchParam> supported = new ArrayList<>();
        RuntimeResourceDefinition definition = fhirContext.getResourceDefinition(resourceType);
        for (RuntimeSearchParam param : definition.getSearchParams()) {
            if (isSupported(definition, param)) {
                supported.add(param);
            }
        }
        return supported;
    }
}
