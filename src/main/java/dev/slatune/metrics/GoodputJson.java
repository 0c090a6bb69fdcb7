package dev.slatune.metrics;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of {@link ProbeResult#goodput()}: one member per SLO set, {@code {"ttft<=0.2": [met, total]}}.
 * Every byte of a termination message is wanted for histograms, and this form takes about half the bytes of
 * a list of objects, so the counts of a goodput rule or two fit beside the latency and TTFT histograms.
 */
final class GoodputJson {

    private GoodputJson() {}

    /** Writes the counts as an object keyed by SLO set. */
    static final class Writer extends JsonSerializer<List<GoodputCount>> {
        @Override
        public void serialize(List<GoodputCount> counts, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeStartObject();
            for (GoodputCount c : counts) {
                gen.writeFieldName(c.slos());
                gen.writeStartArray();
                gen.writeNumber(c.met());
                gen.writeNumber(c.total());
                gen.writeEndArray();
            }
            gen.writeEndObject();
        }

        @Override
        public boolean isEmpty(SerializerProvider provider, List<GoodputCount> value) {
            return value == null || value.isEmpty();
        }
    }

    /** Reads the object form back, in its order. */
    static final class Reader extends JsonDeserializer<List<GoodputCount>> {
        @Override
        public List<GoodputCount> deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return ctx.reportInputMismatch(
                        List.class,
                        "goodput must be an object of SLO set: [met, total], e.g. {\"ttft<=0.2\": [9, 10]}");
            }
            JsonNode node = p.readValueAsTree();
            List<GoodputCount> out = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (!v.isArray()
                        || v.size() != 2
                        || !v.get(0).canConvertToLong()
                        || !v.get(1).canConvertToLong()) {
                    return ctx.reportInputMismatch(
                            List.class, "goodput '" + e.getKey() + "' must be [met, total], not " + v);
                }
                out.add(new GoodputCount(e.getKey(), v.get(0).asLong(), v.get(1).asLong()));
            }
            return out;
        }
    }
}
