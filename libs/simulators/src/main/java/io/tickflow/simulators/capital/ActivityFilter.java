package io.tickflow.simulators.capital;

import io.tickflow.simulators.capital.Deals.Activity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The FIQL subset {@code GET /history/activity?filter=} accepts: clauses joined by {@code ;} (and), each
 * {@code field==v1,v2} or {@code field!=v1,v2} over the fields epic, source, status and type, e.g.
 * {@code source!=DEALER;type!=POSITION;status==REJECTED;epic==OIL_CRUDE,GOLD}.
 */
final class ActivityFilter {

    private static final Set<String> FIELDS = Set.of("epic", "source", "status", "type");

    private ActivityFilter() {
    }

    static Predicate<Activity> parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return activity -> true;
        }
        List<Predicate<Activity>> clauses = new ArrayList<>();
        for (String clause : filter.split(";")) {
            clauses.add(clause(clause.trim()));
        }
        return activity -> clauses.stream().allMatch(clause -> clause.test(activity));
    }

    private static Predicate<Activity> clause(String clause) {
        boolean negated = clause.contains("!=");
        String operator = negated ? "!=" : "==";
        int at = clause.indexOf(operator);
        if (at <= 0) {
            throw ApiError.badRequest("error.invalid.filter");
        }
        String field = clause.substring(0, at).trim();
        if (!FIELDS.contains(field)) {
            throw ApiError.badRequest("error.invalid.filter");
        }
        Set<String> values = new HashSet<>(Arrays.asList(clause.substring(at + operator.length()).split(",")));
        return activity -> values.contains(fieldValue(activity, field)) != negated;
    }

    private static String fieldValue(Activity activity, String field) {
        return switch (field) {
            case "epic" -> activity.epic();
            case "source" -> activity.source();
            case "status" -> activity.status();
            default -> activity.type();
        };
    }
}
