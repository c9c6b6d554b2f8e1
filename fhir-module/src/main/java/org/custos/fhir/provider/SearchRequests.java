package org.custos.fhir.provider;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.custos.fhir.store.HistoryQuery;
import org.custos.fhir.store.SearchQuery;

/**
 * Turns the raw query parameters of a FHIR search into a {@link SearchQuery}. Which parameters exist and how they
 * match is decided by the store from the R4 SearchParameter definitions, so this stays the same for every type.
 */
final class SearchRequests {

    /** Result parameters HAPI or this class handle themselves; they are not search criteria. */
    private static final Set<String> NOT_CRITERIA = Set.of("_count", "_format", "_pretty", "_summary", "_elements");

    private SearchRequests() {
    }

    static SearchQuery toQuery(String resourceType, Map<String, String[]> parameters) {
        List<SearchQuery.Criterion> criteria = new ArrayList<>();
        int count = 0;
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String key = parameter.getKey();
            if ("_count".equals(key)) {
                count = parseCount(parameter.getValue());
                continue;
            }
            if (NOT_CRITERIA.contains(key)) {
                continue;
            }
            int colon = key.indexOf(':');
            String name = colon < 0 ? key : key.substring(0, colon);
            String modifier = colon < 0 ? "" : key.substring(colon + 1);
            for (String value : parameter.getValue()) {
                criteria.add(new SearchQuery.Criterion(name, modifier, splitOnUnescapedCommas(value)));
            }
        }
        return new SearchQuery(resourceType, criteria, count);
    }

    /** The query of a conditional create's {@code If-None-Exist} header, e.g. {@code Patient?identifier=x|1}. */
    static SearchQuery fromConditionalUrl(String resourceType, String conditionalUrl) {
        String query = conditionalUrl.substring(conditionalUrl.indexOf('?') + 1);
        Map<String, String[]> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.merge(name, new String[] {value}, (a, b) -> concat(a, b));
        }
        if (parameters.isEmpty()) {
            throw new InvalidRequestException("A conditional create needs search parameters");
        }
        return toQuery(resourceType, parameters);
    }

    static HistoryQuery historyQuery(Date since, Integer count) {
        return new HistoryQuery(Optional.ofNullable(since).map(Date::toInstant), count == null ? 0 : count);
    }

    private static String[] concat(String[] first, String[] second) {
        String[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static int parseCount(String[] values) {
        try {
            return Integer.parseInt(values[values.length - 1]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code a,b} are alternatives; {@code a\,b} is one value containing a comma. */
    static List<String> splitOnUnescapedCommas(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && value.charAt(i + 1) == ',') {
                current.append(',');
                i++;
            } else if (c == ',') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts.stream().filter(part -> !part.isEmpty()).toList();
    }
}
