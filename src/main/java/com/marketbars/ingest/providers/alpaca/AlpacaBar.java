package com.marketbars.ingest.providers.alpaca;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketbars.ingest.model.CandidateBar;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.function.Supplier;

import static com.marketbars.ingest.providers.BarFields.number;

/**
 * One element of an answer's bar list, read straight from the parser: a JSON tree per bar (an object, a map and a
 * node per field) was a quarter of the ingest's CPU beside SQLite in the backfill benchmark. An object of only
 * Alpaca's fields ({@code t} a string, the others numbers; null allowed), each once, is kept as its values; anything
 * else (another field, a string where a number belongs, an array, a repeated field, not an object) as the tree the
 * whole bar would have been. Either way the candidate and the quarantined text are those of the tree: the text is
 * rebuilt, as a tree, only for a bar that is rejected.
 */
@JsonDeserialize(using = AlpacaBar.Reader.class)
public final class AlpacaBar {
    /** Alpaca's fields, in the order of {@link #values}; {@code t} first. */
    private static final String[] FIELDS = {"t", "o", "h", "l", "c", "v", "n", "vw"};
    /**
     * How a field was sent: absent, JSON null, an int, a double (as the tree's nodes tell them apart), a string (t). A
     * long, a big number or a non-finite one goes the tree's way: rare, and a double could not hold it exactly.
     */
    private static final byte ABSENT = 0;
    private static final byte NULL = 1;
    private static final byte INT = 2;
    private static final byte DOUBLE = 3;
    private static final byte STRING = 4;
    /** The index of {@code v} in {@link #FIELDS}: the one field read as its exact decimal as well. */
    private static final int VOLUME = 5;

    private final JsonNode tree;           // non-null: the bar was not of the plain shape
    private final String t;
    private final double[] values;         // o h l c v n vw at 1..7 (index 0: t, kept in t)
    private final BigDecimal volume;       // v exactly as sent (a coin quantity has more digits than a double keeps)
    private final byte[] kinds;            // per field of FIELDS
    private final byte[] order;            // the fields in the order sent
    private final int count;

    private AlpacaBar(JsonNode tree) {
        this(tree, null, null, null, null, null, 0);
    }

    private AlpacaBar(JsonNode tree, String t, double[] values, BigDecimal volume, byte[] kinds, byte[] order, int count) {
        this.tree = tree;
        this.t = t;
        this.values = values;
        this.volume = volume;
        this.kinds = kinds;
        this.order = order;
        this.count = count;
    }

    /** A bar already read as a tree (tests, and any bar that is not of the plain shape). */
    public static AlpacaBar of(JsonNode tree) {
        return new AlpacaBar(tree == null ? NullNode.getInstance() : tree);
    }

    /** True when the bar was of the plain shape and kept as its values, not as a tree. */
    boolean plain() {
        return tree == null;
    }

    /** What the quality gate sees of this bar of {@code symbol}: null for an absent or null field, NaN for a non-number. */
    CandidateBar candidate(String symbol) {
        if (tree != null) {
            return AlpacaBarsMapper.candidate(symbol, tree);
        }
        return new CandidateBar(symbol, t, value(1), value(2), value(3), value(4), volume, value(6), value(7), new RawText(this));
    }

    /**
     * The bar's quarantine text, rendered only when asked. A class, not {@code this::raw}: under the launcher's quick
     * compiler a method reference is captured through a method handle on every bar (0.06 s of CPU per million bars in
     * the backfill's profile); a plain object is allocated on the fast path.
     */
    private record RawText(AlpacaBar bar) implements Supplier<String> {
        @Override
        public String get() {
            return bar.raw();
        }
    }

    private Double value(int field) {
        return kinds[field] <= NULL ? null : values[field];
    }

    /** The bar as its tree renders it: the text quarantined with a rejection. */
    String raw() {
        return asTree().toString();
    }

    /** The tree Jackson would have read for this bar. */
    JsonNode asTree() {
        if (tree != null) {
            return tree;
        }
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < count; i++) {
            put(n, order[i]);
        }
        return n;
    }

    private void put(ObjectNode n, int field) {
        String name = FIELDS[field];
        switch (kinds[field]) {
            case NULL -> n.putNull(name);
            case INT -> n.put(name, (int) values[field]);
            case DOUBLE -> n.put(name, values[field]);
            default -> n.put(name, t);   // STRING: t, the one string field
        }
    }

    /** The field's index in {@link #FIELDS}, or -1. */
    private static int field(String name) {
        switch (name) {
            case "t": return 0;
            case "o": return 1;
            case "h": return 2;
            case "l": return 3;
            case "c": return 4;
            case "v": return 5;
            case "n": return 6;
            case "vw": return 7;
            default: return -1;
        }
    }

    /** Reads a bar: the plain shape as values, anything else as a tree. */
    static final class Reader extends JsonDeserializer<AlpacaBar> {
        @Override
        public AlpacaBar deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.isExpectedStartObjectToken()) {
                return new AlpacaBar(ctxt.readTree(p));
            }
            String t = null;
            BigDecimal volume = null;
            double[] values = new double[FIELDS.length];
            byte[] kinds = new byte[FIELDS.length];
            byte[] order = new byte[FIELDS.length];
            int count = 0;
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                int field = field(name);
                JsonToken value = p.nextToken();
                byte kind = field < 0 || kinds[field] != ABSENT ? -1 : kind(p, value, field == 0);
                if (kind < 0) {
                    // not the plain shape: the tree of the fields read so far, then of the rest of the object, each
                    // put as the tree deserializer puts it (a repeated field keeps its place and takes the last value)
                    ObjectNode tree = (ObjectNode) new AlpacaBar(null, t, values, volume, kinds, order, count).asTree();
                    tree.replace(name, ctxt.readTree(p));
                    for (String rest = p.nextFieldName(); rest != null; rest = p.nextFieldName()) {
                        p.nextToken();
                        tree.replace(rest, ctxt.readTree(p));
                    }
                    return new AlpacaBar(tree);
                }
                if (kind == STRING) {
                    t = p.getText();
                } else if (kind != NULL) {
                    values[field] = kind == DOUBLE ? p.getDoubleValue() : p.getIntValue();
                    if (field == VOLUME) {
                        // from the number's text, not from the double: 12345678.123456789 BTC keeps its last digits
                        volume = kind == DOUBLE ? p.getDecimalValue() : BigDecimal.valueOf(p.getIntValue());
                    }
                }
                kinds[field] = kind;
                order[count++] = (byte) field;
            }
            return new AlpacaBar(null, t, values, volume, kinds, order, count);
        }

        /** How the value may be kept: -1 when it does not fit the plain shape. */
        private static byte kind(JsonParser p, JsonToken value, boolean isT) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return NULL;
            }
            if (isT) {
                return value == JsonToken.VALUE_STRING ? STRING : -1;
            }
            if (value == JsonToken.VALUE_NUMBER_INT) {
                return p.getNumberType() == JsonParser.NumberType.INT ? INT : -1;
            }
            // the value before its type: asked for the type first, the parser keeps the number's text as a String and
            // parses that later, char by char (that String and parse were a third of the JSON parse's CPU under the
            // quick compiler); asked for the double, it parses its buffer in place, and the type is then known
            if (value == JsonToken.VALUE_NUMBER_FLOAT && Double.isFinite(p.getDoubleValue())
                    && p.getNumberType() == JsonParser.NumberType.DOUBLE) {
                return DOUBLE;
            }
            return -1;
        }

        @Override
        public AlpacaBar getNullValue(DeserializationContext ctxt) {
            return new AlpacaBar(NullNode.getInstance());   // a null in the list: rejected as "null", as its tree was
        }
    }
}
