package dev.slatune.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small CRD schema validator catches what the API server would refuse, and unknown fields. */
class CrdSchemaValidatorTest {

    static final Map<String, Object> SCHEMA = Chart.parseYamlMap("""
            type: object
            required: [variable, rules]
            properties:
              variable: {type: string, enum: [parallel, rate]}
              start: {type: number, minimum: 0, exclusiveMinimum: true}
              numRuns: {type: integer, minimum: 1}
              tolerance: {type: number, minimum: 0, maximum: 1, exclusiveMaximum: true}
              url: {type: string, pattern: "^https?://.+"}
              rules:
                type: array
                minItems: 1
                items: {type: object, additionalProperties: {type: string}}
              resources:
                type: object
                properties:
                  limits:
                    type: object
                    additionalProperties:
                      anyOf: [{type: integer}, {type: string}]
                      x-kubernetes-int-or-string: true
              extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
            """);

    static Map<String, Object> valid() {
        return Chart.parseYamlMap("""
                variable: parallel
                start: 2
                numRuns: 3
                tolerance: 0.05
                url: http://sim:8801/v1/chat/completions
                rules: [{p99_latency: "<=2"}, {tps: max}]
                resources: {limits: {cpu: 2, memory: 1Gi}}
                extra: {anything: [1, 2]}
                """);
    }

    @Test
    void acceptsAValidDocument() {
        assertThat(CrdSchemaValidator.validate(valid(), SCHEMA)).isEmpty();
    }

    @Test
    void reportsEachKindOfViolationWithItsPath() {
        Map<String, Object> bad = valid();
        bad.remove("variable");
        bad.put("start", 0);
        bad.put("numRuns", 1.5);
        bad.put("tolerance", 1);
        bad.put("url", "vllm:8000");
        bad.put("rules", List.of(Map.of("tps", 5)));
        bad.put("resources", Map.of("limits", Map.of("cpu", true)));
        bad.put("strategy", "evalscope");

        assertThat(CrdSchemaValidator.validate(bad, SCHEMA))
                .containsExactlyInAnyOrder(
                        "variable: is required",
                        "start: must be > 0, got 0",
                        "numRuns: must be integer, got Double 1.5",
                        "tolerance: must be < 1, got 1",
                        "url: must match ^https?://.+, got \"vllm:8000\"",
                        "rules[0].tps: must be string, got Integer 5",
                        "resources.limits.cpu: must be an integer or a string, got Boolean true",
                        "strategy: is not a field of the schema (fields: [variable, start, numRuns, tolerance, url, rules, "
                                + "resources, extra])");
    }

    @Test
    void rejectsAnEnumValueAndAnEmptyList() {
        Map<String, Object> bad = valid();
        bad.put("variable", "concurrency");
        bad.put("rules", List.of());

        assertThat(CrdSchemaValidator.validate(bad, SCHEMA))
                .containsExactlyInAnyOrder(
                        "variable: must be one of [parallel, rate], got \"concurrency\"",
                        "rules: must have at least 1 items");
    }

    @Test
    void refusesASchemaKeywordItDoesNotKnow() {
        Map<String, Object> schema = Chart.parseYamlMap("""
                type: string
                x-kubernetes-validations: [{rule: "self != ''"}]
                """);

        assertThat(CrdSchemaValidator.validate("x", schema))
                .singleElement()
                .asString()
                .contains("x-kubernetes-validations")
                .contains("not supported");
    }
}
