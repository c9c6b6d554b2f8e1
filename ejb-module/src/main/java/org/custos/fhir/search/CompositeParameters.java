package org.custos.fhir.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * The composite search parameters this server answers and how their components are found on one element. R4
 * defines each component by reference to another parameter with an absolute path ({@code Observation.component.code});
 * relative to a base element ({@code Observation.component}) that path becomes {@code code}. Answered: a token first
 * component with a token, quantity, number, date or string second one (every composite of Observation, the
 * useContext composites of the definitional resources, Group characteristic-value).
 */
final class CompositeParameters {

    private static final Set<RestSearchParameterTypeEnum> SECOND_TYPES = Set.of(RestSearchParameterTypeEnum.TOKEN,
            RestSearchParameterTypeEnum.QUANTITY, RestSearchParameterTypeEnum.NUMBER, RestSearchParameterTypeEnum.DATE,
            RestSearchParameterTypeEnum.STRING);

    private CompositeParameters() {
    }

    /** The two component parameters, when this composite is one the server answers. */
    static Optional<List<RuntimeSearchParam>> components(RuntimeResourceDefinition definition, RuntimeSearchParam composite) {
        if (composite.getComponents() == null || composite.getComponents().size() != 2) {
            return Optional.empty();
        }
        List<RuntimeSearchParam> parts = new ArrayList<>();
        for (RuntimeSearchParam.Component component : composite.getComponents()) {
            definition.getSearchParams().stream()
                    .filter(param -> param.getUri() != null && param.getUri().equals(component.getReference()))
                    .findFirst().ifPresent(parts::add);
        }
        boolean supported = parts.size() == 2 && parts.get(0).getParamType() == RestSearchParameterTypeEnum.TOKEN
                && SECOND_TYPES.contains(parts.get(1).getParamType());
        return supported ? Optional.of(parts) : Optional.empty();
    }

    /**
     * The branches of a component's path that belong to this base branch, made relative to it. A branch belongs to
     * the longest base branch it starts with, so {@code Observation.component.code} is a component's, not the
     * Observation's.
     */
    static List<String> relativeBranches(RuntimeSearchParam component, String base, List<String> bases) {
        List<String> relative = new ArrayList<>();
        for (String branch : SearchIndexer.unionBranches(component.getPath())) {
            String owner = null;
            for (String candidate : bases) {
                if (startsWith(branch, candidate) && (owner == null || candidate.length() > owner.length())) {
                    owner = candidate;
                }
            }
            if (base.equals(owner)) {
                relative.add(branch.replaceFirst("^(\\(?)" + Pattern.quote(base) + "\\.", "$1"));
            }
        }
        return relative;
    }

    private static boolean startsWith(String branch, String base) {
        return Pattern.compile("^\\(?" + Pattern.quote(base) + "\\.").matcher(branch).find();
    }
}
