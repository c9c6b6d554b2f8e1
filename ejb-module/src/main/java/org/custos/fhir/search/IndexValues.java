package org.custos.fhir.search;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Timing;

/**
 * Converts the FHIRPath results of one resource into index values, by FHIR datatype. Values of a type that a
 * parameter type cannot hold are skipped, as the specification allows.
 */
final class IndexValues {

    /** Parameter names under which a Location's position is kept for {@code near}. */
    static final String LATITUDE = ":latitude";
    static final String LONGITUDE = ":longitude";

    private final List<SearchIndex.Token> tokens = new ArrayList<>();
    private final List<SearchIndex.Text> strings = new ArrayList<>();
    private final List<SearchIndex.DateRange> dates = new ArrayList<>();
    private final List<SearchIndex.Quantity> quantities = new ArrayList<>();
    private final List<SearchIndex.Reference> references = new ArrayList<>();
    private final List<SearchIndex.Composite> composites = new ArrayList<>();

    SearchIndex toIndex() {
        return new SearchIndex(tokens, strings, dates, quantities, references, composites);
    }

    /** Rows of a composite parameter: every first-component token paired with every second-component value. */
    void addComposites(String param, SearchIndex first, SearchIndex second) {
        for (SearchIndex.Token token : first.tokens()) {
            second.tokens().forEach(t -> composites.add(new SearchIndex.Composite(param, token, t, null, null, null)));
            second.quantities().forEach(q -> composites.add(new SearchIndex.Composite(param, token, null, q, null, null)));
            second.dates().forEach(d -> composites.add(new SearchIndex.Composite(param, token, null, null, d, null)));
            second.strings().stream().filter(text -> text.param().equals(param)).forEach(text ->
                    composites.add(new SearchIndex.Composite(param, token, null, null, null, text)));
        }
    }

    void addToken(String param, IBase value) {
        if (value instanceof Identifier identifier && identifier.hasValue()) {
            tokens.add(new SearchIndex.Token(param, identifier.getSystem(), identifier.getValue()));
            addText(param + SearchIndex.TEXT_SUFFIX, identifier.getType().getText());
            for (Coding type : identifier.getType().getCoding()) {
                if (type.hasSystem() && type.hasCode()) {
                    tokens.add(new SearchIndex.Token(param + SearchIndex.OF_TYPE_SUFFIX,
                            type.getSystem() + "|" + type.getCode(), identifier.getValue()));
                }
            }
        } else if (value instanceof Coding coding) {
            if (coding.hasCode()) {
                tokens.add(new SearchIndex.Token(param, coding.getSystem(), coding.getCode()));
            }
            addText(param + SearchIndex.TEXT_SUFFIX, coding.getDisplay());
        } else if (value instanceof CodeableConcept concept) {
            concept.getCoding().forEach(coding -> addToken(param, coding));
            addText(param + SearchIndex.TEXT_SUFFIX, concept.getText());
        } else if (value instanceof ContactPoint contact && contact.hasValue()) {
            String system = contact.hasSystem() ? contact.getSystem().toCode() : null;
            tokens.add(new SearchIndex.Token(param, system, contact.getValue()));
        } else if (value instanceof IPrimitiveType<?> primitive && primitive.getValueAsString() != null) {
            tokens.add(new SearchIndex.Token(param, null, primitive.getValueAsString()));
        }
    }

    void addUri(String param, IBase value) {
        if (value instanceof IPrimitiveType<?> primitive && primitive.getValueAsString() != null) {
            tokens.add(new SearchIndex.Token(param, null, primitive.getValueAsString()));
        }
    }

    void addString(String param, IBase value) {
        if (value instanceof HumanName name) {
            addText(param, name.getFamily());
            name.getGiven().forEach(given -> addText(param, given.getValue()));
            name.getPrefix().forEach(prefix -> addText(param, prefix.getValue()));
            name.getSuffix().forEach(suffix -> addText(param, suffix.getValue()));
            addText(param, name.getText());
        } else if (value instanceof Address address) {
            address.getLine().forEach(line -> addText(param, line.getValue()));
            for (StringType part : List.of(address.getCityElement(), address.getDistrictElement(),
                    address.getStateElement(), address.getPostalCodeElement(), address.getCountryElement(),
                    address.getTextElement())) {
                addText(param, part.getValue());
            }
        } else if (value instanceof IPrimitiveType<?> primitive) {
            addText(param, primitive.getValueAsString());
        }
    }

    void addDate(String param, IBase value) {
        if (value instanceof BaseDateTimeType date) {
            DateRanges.of(date).ifPresent(range -> addRange(param, range));
        } else if (value instanceof Period period) {
            DateRanges.of(period.getStartElement(), period.getEndElement()).ifPresent(range -> addRange(param, range));
        } else if (value instanceof Timing timing) {
            timing.getEvent().forEach(event -> addDate(param, event));
            if (timing.getRepeat().hasBoundsPeriod()) {
                addDate(param, timing.getRepeat().getBoundsPeriod());
            }
        }
    }

    void addQuantity(String param, IBase value) {
        if (value instanceof Quantity quantity && quantity.hasValue()) {
            String code = quantity.hasCode() ? quantity.getCode() : quantity.getUnit();
            quantities.add(new SearchIndex.Quantity(param, quantity.getValue(), quantity.getSystem(), code));
        } else if (value instanceof Money money && money.hasValue()) {
            quantities.add(new SearchIndex.Quantity(param, money.getValue(), "urn:iso:std:iso:4217", money.getCurrency()));
        } else if (value instanceof IPrimitiveType<?> primitive && primitive.getValue() instanceof Number number) {
            quantities.add(new SearchIndex.Quantity(param, new BigDecimal(number.toString()), null, null));
        }
    }

    void addReference(String param, IBase value) {
        if (value instanceof Reference reference && reference.hasReference()) {
            IIdType target = reference.getReferenceElement();
            if (reference.getReference().startsWith("#")) {
                return; // contained resources are part of the resource itself
            }
            if (target.hasResourceType() && target.hasIdPart()) {
                String url = target.isAbsolute() ? reference.getReference() : null;
                references.add(new SearchIndex.Reference(param, target.getResourceType(), target.getIdPart(), url));
            } else {
                references.add(new SearchIndex.Reference(param, null, null, reference.getReference()));
            }
        } else if (value instanceof IPrimitiveType<?> canonical && canonical.getValueAsString() != null) {
            references.add(new SearchIndex.Reference(param, null, null, canonical.getValueAsString()));
        }
    }

    /** {@code near} of a Location: its latitude and longitude, searched as a box around a point. */
    void addPosition(String param, IBase value) {
        if (value instanceof Location.LocationPositionComponent position
                && position.hasLatitude() && position.hasLongitude()) {
            quantities.add(new SearchIndex.Quantity(param + LATITUDE, position.getLatitude(), null, null));
            quantities.add(new SearchIndex.Quantity(param + LONGITUDE, position.getLongitude(), null, null));
        }
    }

    private void addRange(String param, DateRanges.Range range) {
        dates.add(new SearchIndex.DateRange(param, range.low(), range.high()));
    }

    private void addText(String param, String value) {
        if (value != null && !value.isBlank()) {
            strings.add(SearchIndex.Text.of(param, value));
        }
    }
}
