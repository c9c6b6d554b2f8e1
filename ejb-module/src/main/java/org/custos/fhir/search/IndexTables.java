package org.custos.fhir.search;

import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/** Where the index rows of a search parameter live, and under which name. */
final class IndexTables {

    private IndexTables() {
    }

    /** The index table of a parameter's values (for {@code :missing} and sorting). */
    static String tableOf(RuntimeSearchParam param) {
        return switch (param.getParamType()) {
            case TOKEN, URI -> "fhir_search_token";
            case STRING -> "fhir_search_string";
            case DATE -> "fhir_search_date";
            case NUMBER, QUANTITY, SPECIAL -> "fhir_search_quantity";
            case REFERENCE -> "fhir_search_reference";
            case COMPOSITE -> "fhir_search_composite";
            default -> throw SearchException.invalid("Search parameter '" + param.getName() + "' is not supported");
        };
    }

    /** The name a parameter's rows carry ({@code near} is kept as its latitude rows). */
    static String indexedName(RuntimeSearchParam param) {
        return param.getParamType() == RestSearchParameterTypeEnum.SPECIAL
                ? param.getName() + IndexValues.LATITUDE : param.getName();
    }
}
