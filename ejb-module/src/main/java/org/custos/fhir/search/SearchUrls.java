package org.custos.fhir.search;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads FHIR search syntax into a {@link SearchQuery}: the query parameters of a search request, and the search
 * URLs of conditional interactions and conditional references ({@code Patient?identifier=x|1}). Which parameters
 * exist and how they match is decided later from the R4 SearchParameter definitions, so this is the same for every
 * resource type.
 */
public final class SearchUrls {

    /** Result parameters HAPI handles itself when it writes the response; they are not search criteria. */
    private static final Set<String> NOT_CRITERIA = Set.of("_format", "_pretty", "_summary", "_elements", "_total",
            "_getpages", "_bundletype");

    private SearchUrls() {
    }

    /**
     * @param strict {@code Prefer: handling=strict}: unknown parameters are refused rather than ignored
     */
    public static SearchQuery toQuery(String resourceType, Map<String, String[]> parameters, boolean strict) {
        List<SearchQuery.Criterion> criteria = new ArrayList<>();
        List<SearchQuery.SortKey> sort = new ArrayList<>();
        List<SearchQuery.Include> includes = new ArrayList<>();
        int count = -1;
        int offset = 0;
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String key = parameter.getKey();
            String[] values = parameter.getValue();
            switch (key) {
                case "_count" -> count = parseInt(key, values);
                case "_offset" -> offset = parseInt(key, values);
                case "_sort" -> {
                    for (String value : values) {
                        splitOnUnescapedCommas(value).forEach(k -> sort.add(SearchQuery.SortKey.parse(k)));
                    }
                }
                case "_include", "_include:iterate", "_include:recurse", "_revinclude", "_revinclude:iterate",
                     "_revinclude:recurse" -> {
                    for (String value : values) {
                        includes.add(SearchQuery.Include.parse(value, key.startsWith("_revinclude"), key.contains(":")));
                    }
                }
                default -> {
                    if (!NOT_CRITERIA.contains(key)) {
                        for (String value : values) {
                            criteria.add(SearchQuery.Criterion.parse(key, splitOnUnescapedCommas(value)));
                        }
                    }
                }
            }
        }
        if ("count".equals(first(parameters.get("_summary")))) {
            count = 0;
        }
        return new SearchQuery(resourceType, criteria, sort, offset, count, includes, strict);
    }

    /**
     * The query of a conditional interaction ({@code If-None-Exist}, {@code PUT/DELETE Type?...}), e.g.
     * {@code Patient?identifier=x|1}.
     */
    public static SearchQuery fromConditionalUrl(String resourceType, String conditionalUrl) {
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
            throw SearchException.invalid("A conditional interaction needs search parameters");
        }
        return toQuery(resourceType, parameters, true);
    }

    private static String[] concat(String[] first, String[] second) {
        String[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static int parseInt(String name, String[] values) {
        try {
            return Integer.parseInt(values[values.length - 1]);
        } catch (NumberFormatException e) {
            throw SearchException.invalid(name + " must be a number");
        }
    }

    private static String first(String[] values) {
        return values == null || values.length == 0 ? null : values[0];
    }

    /** {@code a,b} are alternatives; {@code a\,b} is one value containing a comma. */
    public static List<String> splitOnUnescapedCommas(String value) {
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
