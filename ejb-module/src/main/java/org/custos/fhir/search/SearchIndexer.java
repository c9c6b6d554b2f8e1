package org.custos.fhir.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.fhirpath.IFhirPathEvaluationContext;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import org.custos.fhir.store.FhirContexts;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Consent;

/**
 * Extracts the search values of a resource, driven by the R4 SearchParameter definitions that HAPI's FhirContext
 * carries: each parameter's FHIRPath expression is evaluated and its results converted by parameter type
 * ({@link IndexValues}); nothing is hand-coded per resource type.
 */
@ApplicationScoped
public class SearchIndexer {

    /** Served from the resource's own columns (resource id, last updated), not from index rows. */
    private static final Set<String> FROM_COLUMNS = Set.of("_id", "_lastUpdated");
    /**
     * The resource's security labels ({@code meta.security}), which the R4 definitions HAPI carries do not index:
     * consent decisions read them from the index (sensitive categories such as mental health or HIV).
     */
    public static final String SECURITY_LABELS = "_security";
    /**
     * The patient a Consent is about, under a name of its own: consent decisions look up a patient's Consents on
     * every read, and under the shared name {@code patient} that lookup would pass every resource of the patient.
     */
    public static final String CONSENT_OF = "_consent-of";

    private final FhirContext fhirContext = FhirContexts.r4();
    private final Map<String, List<IFhirPath.IParsedExpression>> parsed = new ConcurrentHashMap<>();
    /** One evaluator per thread: HAPI does not promise that an evaluator may be shared between threads. */
    private final ThreadLocal<IFhirPath> fhirPath = ThreadLocal.withInitial(this::newFhirPath);

    public SearchIndex extract(IBaseResource resource) {
        IndexValues values = new IndexValues();
        for (RuntimeSearchParam param : fhirContext.getResourceDefinition(resource).getSearchParams()) {
            if (param.getPath() == null || param.getPath().isBlank() || FROM_COLUMNS.contains(param.getName())) {
                continue;
            }
            if (param.getParamType() == RestSearchParameterTypeEnum.COMPOSITE) {
                addComposite(resource, param, values);
            } else {
                evaluate(resource, param.getPath()).forEach(value -> add(values, param.getParamType(), param.getName(), value));
            }
        }
        if (resource.getMeta() != null) {
            resource.getMeta().getSecurity().forEach(label -> values.addToken(SECURITY_LABELS, (IBase) label));
        }
        if (resource instanceof Consent consent) {
            values.addReference(CONSENT_OF, consent.getPatient());
        }
        return values.toIndex();
    }

    private static void add(IndexValues values, RestSearchParameterTypeEnum type, String name, IBase value) {
        switch (type) {
            case TOKEN -> values.addToken(name, value);
            case URI -> values.addUri(name, value);
            case STRING -> values.addString(name, value);
            case DATE -> values.addDate(name, value);
            case NUMBER, QUANTITY -> values.addQuantity(name, value);
            case REFERENCE -> values.addReference(name, value);
            case SPECIAL -> values.addPosition(name, value);
            default -> {
                // other parameter types are not indexed
            }
        }
    }

    /** For each element of the composite's base path, the pairs of its two components' values. */
    private void addComposite(IBaseResource resource, RuntimeSearchParam composite, IndexValues values) {
        Optional<List<RuntimeSearchParam>> parts =
                CompositeParameters.components(fhirContext.getResourceDefinition(resource), composite);
        if (parts.isEmpty()) {
            return;
        }
        List<String> bases = unionBranches(composite.getPath());
        for (String base : bases) {
            List<String> first = CompositeParameters.relativeBranches(parts.get().get(0), base, bases);
            List<String> second = CompositeParameters.relativeBranches(parts.get().get(1), base, bases);
            for (IBase element : evaluate(resource, base)) {
                IndexValues firstValues = new IndexValues();
                IndexValues secondValues = new IndexValues();
                first.forEach(path -> evaluate(element, path)
                        .forEach(value -> firstValues.addToken(composite.getName(), value)));
                second.forEach(path -> evaluate(element, path).forEach(value ->
                        add(secondValues, parts.get().get(1).getParamType(), composite.getName(), value)));
                values.addComposites(composite.getName(), firstValues.toIndex(), secondValues.toIndex());
            }
        }
    }

    /**
     * Evaluates each branch of a union ({@code a | b}) on its own: FHIRPath's union removes duplicates, and comparing
     * Quantities for that needs a UCUM service the engine does not have. Index rows may repeat; matches do not.
     */
    private List<IBase> evaluate(IBase input, String expression) {
        IFhirPath evaluator = fhirPath.get();
        List<IBase> values = new ArrayList<>();
        for (IFhirPath.IParsedExpression branch : parsed.computeIfAbsent(expression, path -> parse(evaluator, path))) {
            values.addAll(evaluator.evaluate(input, branch, IBase.class));
        }
        return values;
    }

    private static List<IFhirPath.IParsedExpression> parse(IFhirPath evaluator, String path) {
        List<IFhirPath.IParsedExpression> branches = new ArrayList<>();
        for (String branch : unionBranches(path)) {
            try {
                branches.add(evaluator.parse(branch));
            } catch (Exception e) {
                throw new IllegalStateException("R4 search parameter expression does not parse: " + path, e);
            }
        }
        return branches;
    }

    /** Splits an expression at the {@code |} operators outside parentheses and string literals. */
    static List<String> unionBranches(String path) {
        List<String> branches = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == '|') {
                branches.add(path.substring(start, i).trim());
                start = i + 1;
            }
        }
        branches.add(path.substring(start).trim());
        return branches;
    }

    private IFhirPath newFhirPath() {
        IFhirPath evaluator = fhirContext.newFhirPath();
        evaluator.setEvaluationContext(new ReferenceTypes());
        return evaluator;
    }

    /**
     * Lets expressions such as {@code Observation.subject.where(resolve() is Patient)} tell a reference's target
     * type without loading it: {@code resolve()} yields an empty resource of the type the reference names.
     */
    private final class ReferenceTypes implements IFhirPathEvaluationContext {
        @Override
        public IBase resolveReference(IIdType reference, IBase context) {
            if (reference == null || !reference.hasResourceType()
                    || !fhirContext.getResourceTypes().contains(reference.getResourceType())) {
                return null;
            }
            IBaseResource target = fhirContext.getResourceDefinition(reference.getResourceType()).newInstance();
            target.setId(reference.getValue());
            return target;
        }
    }
}
