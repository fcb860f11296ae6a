package io.tickflow.capital;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Capital.com JSON to the client's records. Numbers are read as {@link BigDecimal} straight from the JSON text
 * ({@code USE_BIG_DECIMAL_FOR_FLOATS}), so 93.87 stays 93.87; timestamps are read from the {@code ...UTC} fields.
 * Missing fields become null rather than errors: the API adds and omits fields over time.
 */
final class CapitalComJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // Keep 93.90 as 93.90: the scale tells the instrument's decimals.
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /** Query-parameter dates: {@code YYYY-MM-DDTHH:MM:SS}, UTC. */
    private static final DateTimeFormatter QUERY_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
            "sun", DayOfWeek.SUNDAY);

    private CapitalComJson() {
    }

    static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + abbreviate(text), e);
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String queryDate(Instant instant) {
        return QUERY_DATE.format(instant.atOffset(ZoneOffset.UTC));
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }

    // ---------------------------------------------------------------- field helpers

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    /** A number field as an exact decimal; strings are accepted too (transactions send amounts as strings). */
    static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual() && !value.asText().isBlank()) {
            return new BigDecimal(value.asText());
        }
        return null;
    }

    /** A zone-less Capital.com timestamp known to be UTC ({@code createdDateUTC}, {@code dateUTC}, ...). */
    static Instant utc(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Direction direction(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : Direction.valueOf(value);
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> mapper) {
        List<T> items = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(element -> items.add(mapper.apply(element)));
        }
        return List.copyOf(items);
    }

    // ---------------------------------------------------------------- requests

    static ObjectNode loginBody(String identifier, String password, boolean encrypted) {
        return MAPPER.createObjectNode().put("identifier", identifier).put("password", password)
                .put("encryptedPassword", encrypted);
    }

    static ObjectNode openPositionBody(OpenPositionRequest request) {
        ObjectNode body = MAPPER.createObjectNode()
                .put("epic", request.epic())
                .put("direction", request.direction().name())
                .put("size", request.size());
        putIfPresent(body, "stopLevel", request.stopLevel());
        putIfPresent(body, "profitLevel", request.profitLevel());
        putIfPresent(body, "stopDistance", request.stopDistance());
        putIfPresent(body, "profitDistance", request.profitDistance());
        if (request.guaranteedStop()) {
            body.put("guaranteedStop", true);
        }
        return body;
    }

    private static void putIfPresent(ObjectNode body, String field, BigDecimal value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    // ---------------------------------------------------------------- responses

    static SessionInfo session(JsonNode body, String cst, String securityToken, Instant now) {
        return new SessionInfo(cst, securityToken, text(body, "currentAccountId"), text(body, "clientId"),
                text(body, "streamingHost"), body.path("timezoneOffset").asInt(0), text(body, "currencyIsoCode"), now);
    }

    static MarketDetails market(JsonNode body) {
        JsonNode instrument = body.path("instrument");
        JsonNode rules = body.path("dealingRules");
        JsonNode snapshot = body.path("snapshot");
        return new MarketDetails(
                new MarketDetails.Instrument(text(instrument, "epic"), text(instrument, "name"), text(instrument, "type"),
                        text(instrument, "currency"), decimal(instrument, "lotSize"), decimal(instrument, "marginFactor"),
                        text(instrument, "marginFactorUnit"), openingHours(instrument.path("openingHours"))),
                new MarketDetails.DealingRules(rule(rules, "minDealSize"), rule(rules, "maxDealSize"),
                        rule(rules, "minSizeIncrement"), rule(rules, "minStepDistance"), rule(rules, "minStopOrProfitDistance"),
                        rule(rules, "maxStopOrProfitDistance"), rule(rules, "minGuaranteedStopDistance")),
                new MarketDetails.Snapshot(text(snapshot, "marketStatus"), decimal(snapshot, "bid"), decimal(snapshot, "offer"),
                        decimal(snapshot, "high"), decimal(snapshot, "low"), decimal(snapshot, "netChange"),
                        decimal(snapshot, "percentageChange"), snapshot.path("decimalPlacesFactor").asInt(),
                        snapshot.path("scalingFactor").asInt(1)));
    }

    private static MarketDetails.DealingRule rule(JsonNode rules, String name) {
        JsonNode rule = rules.path(name);
        return rule.isObject() ? new MarketDetails.DealingRule(text(rule, "unit"), decimal(rule, "value")) : null;
    }

    /** {@code {"mon":["00:00 - 22:00","23:00 - 00:00"],...,"zone":"UTC"}}. */
    private static MarketDetails.OpeningHours openingHours(JsonNode hours) {
        Map<DayOfWeek, List<MarketDetails.OpeningHours.TimeRange>> days = new EnumMap<>(DayOfWeek.class);
        DAYS.forEach((key, day) -> days.put(day, list(hours.path(key), range -> {
            String[] bounds = range.asText().split("-");
            return new MarketDetails.OpeningHours.TimeRange(LocalTime.parse(bounds[0].trim()), LocalTime.parse(bounds[1].trim()));
        })));
        return new MarketDetails.OpeningHours(text(hours, "zone"), days);
    }

    static DealConfirmation confirmation(JsonNode body) {
        return new DealConfirmation(text(body, "dealReference"), text(body, "dealId"), text(body, "dealStatus"),
                text(body, "status"), text(body, "reason"), text(body, "epic"), direction(body, "direction"),
                decimal(body, "size"), decimal(body, "level"),
                list(body.path("affectedDeals"), deal -> new DealConfirmation.AffectedDeal(text(deal, "dealId"),
                        text(deal, "status"))),
                utc(body, "date"), decimal(body, "profit"));
    }

    static List<OpenPosition> positions(JsonNode body) {
        return list(body.path("positions"), element -> {
            JsonNode position = element.path("position");
            JsonNode market = element.path("market");
            return new OpenPosition(text(position, "dealId"), text(position, "dealReference"), text(position, "workingOrderId"),
                    text(market, "epic"), direction(position, "direction"), decimal(position, "size"),
                    decimal(position, "level"), utc(position, "createdDateUTC"), decimal(position, "upl"),
                    decimal(position, "stopLevel"), decimal(position, "profitLevel"), text(position, "currency"),
                    decimal(market, "bid"), decimal(market, "offer"), text(market, "marketStatus"));
        });
    }

    static List<WorkingOrder> workingOrders(JsonNode body) {
        return list(body.path("workingOrders"), element -> {
            JsonNode order = element.path("workingOrderData");
            return new WorkingOrder(text(order, "dealId"), text(order, "epic"), direction(order, "direction"),
                    decimal(order, "orderSize"), decimal(order, "orderLevel"), text(order, "orderType"),
                    text(order, "timeInForce"), utc(order, "goodTillDateUTC"), utc(order, "createdDateUTC"));
        });
    }

    static List<Activity> activities(JsonNode body) {
        return list(body.path("activities"), activity -> {
            JsonNode details = activity.path("details");
            return new Activity(utc(activity, "dateUTC"), text(activity, "epic"), text(activity, "dealId"),
                    text(activity, "source"), text(activity, "type"), text(activity, "status"),
                    details.isObject() ? new Activity.Details(text(details, "dealReference"), text(details, "marketName"),
                            text(details, "currency"), decimal(details, "size"), direction(details, "direction"),
                            decimal(details, "level")) : null);
        });
    }

    static List<PriceBar> prices(JsonNode body) {
        return list(body.path("prices"), bar -> new PriceBar(utc(bar, "snapshotTimeUTC"),
                decimal(bar.path("openPrice"), "bid"), decimal(bar.path("openPrice"), "ask"),
                decimal(bar.path("highPrice"), "bid"), decimal(bar.path("highPrice"), "ask"),
                decimal(bar.path("lowPrice"), "bid"), decimal(bar.path("lowPrice"), "ask"),
                decimal(bar.path("closePrice"), "bid"), decimal(bar.path("closePrice"), "ask"),
                bar.path("lastTradedVolume").asLong()));
    }

    /** An {@code ohlc.event} frame's payload, or null when a required field is missing or unknown. */
    static OhlcEvent ohlc(JsonNode payload) {
        String epic = text(payload, "epic");
        String resolution = text(payload, "resolution");
        String priceType = text(payload, "priceType");
        JsonNode t = payload.path("t");
        BigDecimal o = decimal(payload, "o");
        BigDecimal h = decimal(payload, "h");
        BigDecimal l = decimal(payload, "l");
        BigDecimal c = decimal(payload, "c");
        if (epic == null || resolution == null || priceType == null || !t.canConvertToLong() || o == null || h == null
                || l == null || c == null) {
            return null;
        }
        OhlcEvent.Side side = switch (priceType.toLowerCase(Locale.ROOT)) {
            case "bid" -> OhlcEvent.Side.BID;
            case "ask" -> OhlcEvent.Side.ASK;
            default -> null;
        };
        return side == null ? null : new OhlcEvent(epic, resolution, side, Instant.ofEpochMilli(t.asLong()), o, h, l, c);
    }

    /** A {@code quote} frame's payload, or null when a required field is missing (counted as malformed by the caller). */
    static Quote quote(JsonNode payload, long receivedNanos) {
        String epic = text(payload, "epic");
        BigDecimal bid = decimal(payload, "bid");
        BigDecimal ofr = decimal(payload, "ofr");
        JsonNode timestamp = payload.path("timestamp");
        if (epic == null || bid == null || ofr == null || !timestamp.canConvertToLong()) {
            return null;
        }
        return new Quote(epic, bid, ofr, decimal(payload, "bidQty"), decimal(payload, "ofrQty"),
                Instant.ofEpochMilli(timestamp.asLong()), receivedNanos);
    }
}
