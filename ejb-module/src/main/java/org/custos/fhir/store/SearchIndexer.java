package org.custos.fhir.store;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.StringType;

/**
 * Extracts token and string search values from a resource, driven by the R4 SearchParameter definitions that HAPI's
 * FhirContext carries: each parameter's FHIRPath expression is evaluated, nothing is hand-coded per resource type.
 */
@ApplicationScoped
public class SearchIndexer {

    private final FhirContext fhirContext = FhirContexts.r4();
    private final IFhirPath fhirPath = fhirContext.newFhirPath();

    public SearchIndex extract(IBaseResource resource) {
        List<SearchIndex.Token> tokens = new ArrayList<>();
        List<SearchIndex.Text> strings = new ArrayList<>();
        for (RuntimeSearchParam param : fhirContext.getResourceDefinition(resource).getSearchParams()) {
            if (param.getPath() == null || param.getPath().isBlank()) {
                continue;
            }
            if (param.getParamType() == RestSearchParameterTypeEnum.TOKEN) {
                for (IBase value : evaluate(resource, param)) {
                    addTokens(param.getName(), value, tokens);
                }
            } else if (param.getParamType() == RestSearchParameterTypeEnum.STRING) {
                for (IBase value : evaluate(resource, param)) {
                    addStrings(param.getName(), value, strings);
                }
            }
        }
        return new SearchIndex(tokens, strings);
    }

    private List<IBase> evaluate(IBaseResource resource, RuntimeSearchParam param) {
        return fhirPath.evaluate(resource, param.getPath(), IBase.class);
    }

    private static void addTokens(String param, IBase value, List<SearchIndex.Token> out) {
        if (value instanceof Identifier identifier && identifier.hasValue()) {
            out.add(new SearchIndex.Token(param, identifier.getSystem(), identifier.getValue()));
        } else if (value instanceof Coding coding && coding.hasCode()) {
            out.add(new SearchIndex.Token(param, coding.getSystem(), coding.getCode()));
        } else if (value instanceof CodeableConcept concept) {
            concept.getCoding().forEach(coding -> addTokens(param, coding, out));
        } else if (value instanceof ContactPoint contact && contact.hasValue()) {
            String system = contact.hasSystem() ? contact.getSystem().toCode() : null;
            out.add(new SearchIndex.Token(param, system, contact.getValue()));
        } else if (value instanceof IPrimitiveType<?> primitive && primitive.getValueAsString() != null) {
            out.add(new SearchIndex.Token(param, null, primitive.getValueAsString()));
        }
    }

    private static void addStrings(String param, IBase value, List<SearchIndex.Text> out) {
        if (value instanceof HumanName name) {
            addText(param, name.getFamily(), out);
            name.getGiven().forEach(given -> addText(param, given.getValue(), out));
            name.getPrefix().forEach(prefix -> addText(param, prefix.getValue(), out));
            name.getSuffix().forEach(suffix -> addText(param, suffix.getValue(), out));
            addText(param, name.getText(), out);
        } else if (value instanceof Address address) {
            address.getLine().forEach(line -> addText(param, line.getValue(), out));
            for (StringType part : List.of(address.getCityElement(), address.getDistrictElement(),
                    address.getStateElement(), address.getPostalCodeElement(), address.getCountryElement(),
                    address.getTextElement())) {
                addText(param, part.getValue(), out);
            }
        } else if (value instanceof IPrimitiveType<?> primitive) {
            addText(param, primitive.getValueAsString(), out);
        }
    }

    private static void addText(String param, String value, List<SearchIndex.Text> out) {
        if (value != null && !value.isBlank()) {
            out.add(SearchIndex.Text.of(param, value));
        }
    }
}
